from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.bank import QuestionBank
from bot.errors import ContentError
from tests.conftest import SMALL_PACK

GOOD_QUESTION = """
pack: extra
title: Extra
questions:
  - id: {id}
    kind: choice
    topic: {topic}
    difficulty: {difficulty}
    prompt: Which option is right?
    options: [one, two, three, four]
    answer: {answer}
    explanation: Because.
    sources: [general]
"""


DECLARED = "topics:\n  - {id: horoscopes, title: Horoscopes}\nquestions:"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def extra(**fields: str) -> str:
    values = {"id": "extra-q", "topic": "fundamentals", "difficulty": "easy", "answer": "A"}
    return GOOD_QUESTION.format(**(values | fields))


def test_the_sample_loads(content_dir: Path) -> None:
    bank = QuestionBank.load(content_dir)
    assert len(bank) == 5
    assert bank.get("pca-name") is not None


@pytest.mark.parametrize(
    ("text", "question", "field", "fragment"),
    [
        ("pack: x\nquestions: [\n  - id: a\n", None, "line", "malformed YAML"),
        (extra(answer="E"), "extra-q", "answer", "not among the 4 options"),
        (
            extra(topic="astrology").replace("questions:", DECLARED),
            "extra-q",
            "topic",
            "'astrology' is not a declared topic",
        ),
        (extra(difficulty="brutal"), "extra-q", "difficulty", "Input should be"),
        (extra().replace("    prompt: Which option is right?\n", ""), "extra-q", "prompt", "Field required"),
        (
            extra().replace("options: [one, two, three, four]", "options: seven"),
            "extra-q",
            "options",
            "valid list",
        ),
    ],
)
def test_bad_packs_name_file_question_and_field(
    content_dir: Path, text: str, question: str | None, field: str, fragment: str
) -> None:
    path = write(content_dir, "broken.yaml", text)
    with pytest.raises(ContentError) as caught:
        QuestionBank.load(content_dir)
    message = caught.value.message
    assert str(path) in message and fragment in message
    if question:
        assert f"question '{question}'" in message
    assert field in message


def test_duplicate_ids_across_files_are_rejected(content_dir: Path) -> None:
    write(content_dir, "zz-dupe.yaml", extra(id="pca-name"))
    with pytest.raises(
        ContentError,
        match=r"zz-dupe.yaml: question 'pca-name': field 'id': "
        r"duplicate question id \(also in sample.yaml\)",
    ):
        QuestionBank.load(content_dir)


def test_behavioral_model_answers_must_follow_star(tmp_path: Path) -> None:
    pack = SMALL_PACK.replace(
        "topic: fundamentals\n    difficulty: medium", "topic: behavioral\n    difficulty: medium"
    )
    write(tmp_path, "b.yaml", pack)
    with pytest.raises(ContentError, match=r"model_answer.*STAR"):
        QuestionBank.load(tmp_path)


def test_an_empty_or_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"no \.yaml question packs"):
        QuestionBank.load(tmp_path)
    with pytest.raises(ContentError, match="no such content folder"):
        QuestionBank.load(tmp_path / "missing")


def test_pick_avoids_seen_questions_until_all_are_seen(content_dir: Path) -> None:
    bank = QuestionBank.load(content_dir)
    pool = bank.select()
    seen = {q.id for q in pool[:-1]}
    assert bank.pick(pool, seen) == pool[-1]
    everything = {q.id for q in pool}
    picks = [bank.pick(pool, everything, random.Random(seed)) for seed in range(60)]
    assert {q.id for q in picks if q is not None} == everything
    assert bank.pick([], set()) is None
