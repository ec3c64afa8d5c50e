"""The labelled evaluation set is well formed and the grader meets its targets on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.grading_set import (
    CATEGORIES,
    EVAL_DIR,
    LABELS,
    Answer,
    EvalSetError,
    Outcome,
    figures,
    load_answers,
    pack_of_questions,
    score,
)
from bot.bank import QuestionBank
from bot.grading import grade
from bot.models import Kind

MIN_ANSWERS = 550


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return QuestionBank.load()


@pytest.fixture(scope="module")
def answers(bank: QuestionBank) -> list[Answer]:
    return load_answers(bank)


@pytest.fixture(scope="module")
def outcomes(answers: list[Answer]) -> list[Outcome]:
    return score(answers, grade)


def test_every_file_names_a_content_pack() -> None:
    files = {path.stem for path in EVAL_DIR.glob("*.yaml")}
    assert files and files <= set(pack_of_questions().values())


def test_every_question_and_label_is_known(answers: list[Answer], bank: QuestionBank) -> None:
    for answer in answers:
        assert bank.get(answer.question.id) is answer.question
        assert answer.expect in LABELS[answer.kind]
        assert answer.category in CATEGORIES[answer.kind]


def test_unknown_question_ids_fail_loudly(tmp_path: Path, bank: QuestionBank) -> None:
    folder = tmp_path / "eval"
    folder.mkdir()
    (folder / "fundamentals.yaml").write_text(
        '- question: no-such-question\n  answers:\n    - {text: "b", expect: correct, kind: plain}\n'
    )
    with pytest.raises(EvalSetError, match="no-such-question"):
        load_answers(bank, folder)


def test_the_set_is_large_and_covers_every_kind(answers: list[Answer]) -> None:
    assert len(answers) >= MIN_ANSWERS
    tally = Counter((a.kind, a.expect) for a in answers)
    for kind, labels in LABELS.items():
        for label in labels:
            if (kind, label) != (Kind.SHORT, "reprompt"):
                assert tally[kind, label] > 0, (kind, label)


def test_open_adversarial_answers_span_every_category(answers: list[Answer]) -> None:
    zero = Counter(a.category for a in answers if a.kind == Kind.OPEN and a.expect == "zero")
    assert all(zero[c] >= 10 for c in ("keyword-list", "negated", "generic", "off-topic")), zero


def test_the_grader_meets_every_target(outcomes: list[Outcome]) -> None:
    missed = [target.line() for target in figures(outcomes) if not target.met]
    wrong = [
        f"{o.answer.question.id} [{o.answer.category}] expected {o.answer.expect}, got {o.got}: "
        f"{o.answer.text[:60]!r}"
        for o in outcomes
        if o.miss
    ]
    assert not missed, "\n".join(["targets missed:", *missed, "first misgraded answers:", *wrong[:25]])
