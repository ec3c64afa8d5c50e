"""Warnings about packs that load but give answers away or grade poorly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from bot.bank import QuestionBank
from bot.content_lint import ContentWarning, content_warnings, question_warnings
from bot.models import Question, RubricPoint

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
BASE = {
    "topic": "fundamentals",
    "difficulty": "easy",
    "prompt": "Which?",
    "explanation": "Why.",
    "sources": ["general"],
}


def question(**fields: Any) -> Question:
    return QUESTION.validate_python({"id": "q", **BASE, **fields})


def warned_fields(**fields: Any) -> list[str]:
    return [field for field, _ in question_warnings(question(**fields))]


def test_a_correct_option_much_longer_than_the_rest_is_flagged() -> None:
    long = "a long and careful option that qualifies everything"
    assert warned_fields(kind="choice", options=["short", long, "brief", "tiny"], answer="B") == ["options"]
    assert (
        warned_fields(kind="choice", options=["one two", "three four", "five six", "seven"], answer="B") == []
    )
    assert warned_fields(kind="choice", options=["short", long, "brief", "tiny"], answer="A") == []


def test_short_answers_that_repeat_or_are_also_rejected_are_flagged() -> None:
    assert warned_fields(kind="short", answer="PCA", accept=["pca", "principal components"]) == ["accept"]
    assert warned_fields(kind="short", answer="k-means", accept=["kmeans"]) == []


def test_a_rejected_phrasing_that_is_also_accepted_is_flagged() -> None:
    short = question(kind="short", answer="C++", accept=["cpp"])
    with_reject = short.model_copy(update={"reject": ["C#", "CPP"]})
    assert list(question_warnings(with_reject)) == [("reject", "'CPP' is also an accepted answer ('cpp')")]


def test_rubric_points_with_one_phrasing_are_flagged() -> None:
    rubric = [
        {"point": "Defines it", "keywords": ["noise"]},
        {"point": "Names a remedy", "keywords": ["dropout", "l2"]},
        {"point": "Names another", "keywords": ["more data", "early stopping"]},
    ]
    open_question = question(kind="open", model_answer="Fits noise.", rubric=rubric)
    assert list(question_warnings(open_question)) == [
        ("rubric.0", "'Defines it' has 1 phrasing; give at least 2 (any: items plus keywords)")
    ]
    richer = RubricPoint(point="Defines it", keywords=["noise"]).model_copy(
        update={"any": ["fits + noise", "memorise + training data"]}
    )
    fixed = open_question.model_copy(update={"rubric": [richer, *open_question.rubric[1:]]})
    assert list(question_warnings(fixed)) == []


PACK = """pack: lint
title: Lint
questions:
  - {id: by-length, kind: choice, topic: fundamentals, difficulty: easy, prompt: "Which?",
     options: [low, "high, with every careful qualification added", mid, none],
     answer: B, explanation: Why., sources: [general]}
  - {id: twice, kind: short, topic: fundamentals, difficulty: easy, prompt: "What?",
     answer: Bias, accept: [bias], explanation: Why., sources: [general]}
"""


def test_warnings_name_the_file_question_and_field(tmp_path: Path) -> None:
    (tmp_path / "lint.yaml").write_text(PACK, encoding="utf-8")
    warnings = content_warnings(QuestionBank.load(tmp_path))
    assert [str(w) for w in warnings] == [
        f"{tmp_path / 'lint.yaml'}: question 'by-length': field 'options': the correct option B "
        "is 11.0x as long as the next longest; members can guess it by length",
        f"{tmp_path / 'lint.yaml'}: question 'twice': field 'accept': 'bias' repeats the "
        "accepted answer 'Bias'",
    ]
    assert warnings[0] == ContentWarning(tmp_path / "lint.yaml", "by-length", "options", warnings[0].message)


def test_the_sample_pack_has_no_warnings(content_dir: Path) -> None:
    assert content_warnings(QuestionBank.load(content_dir)) == []
