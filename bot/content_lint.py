"""Warnings `prepbot content check` prints about packs that load but may grade or read badly."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.bank import QuestionBank
from bot.models import ChoiceQuestion, OpenQuestion, Question, ShortQuestion

LONGEST_OPTION_RATIO = 1.3
MIN_PHRASINGS = 2


@dataclass(frozen=True)
class ContentWarning:
    path: Path
    question_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: question '{self.question_id}': field '{self.field}': {self.message}"


def fold(text: str) -> str:
    """Case, accents and spacing folded; symbols such as `+` and `#` are kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()
    return " ".join(re.sub(r"[\s\"'`.,;:!?()\[\]]+", " ", kept).split())


def _strings(question: Question, name: str) -> list[str]:
    value = getattr(question, name, None) or ()
    return [str(item) for item in value]


def _short_collisions(question: ShortQuestion) -> Iterator[tuple[str, str]]:
    accepted = [question.answer, *_strings(question, "accept")]
    seen: dict[str, str] = {}
    for text in accepted:
        key = fold(text)
        if key in seen:
            yield "accept", f"'{text}' repeats the accepted answer '{seen[key]}'"
        seen.setdefault(key, text)
    for text in _strings(question, "reject"):
        if fold(text) in seen:
            yield "reject", f"'{text}' is also an accepted answer ('{seen[fold(text)]}')"


def _thin_rubric_points(question: OpenQuestion) -> Iterator[tuple[str, str]]:
    for index, point in enumerate(question.rubric):
        phrasings = len(getattr(point, "any", None) or ()) + len(getattr(point, "keywords", None) or ())
        if phrasings < MIN_PHRASINGS:
            yield (
                f"rubric.{index}",
                f"'{point.point}' has {phrasings} phrasing{'s' * (phrasings != 1)}; "
                f"give at least {MIN_PHRASINGS} (any: items plus keywords)",
            )


def _longest_option(question: ChoiceQuestion) -> Iterator[tuple[str, str]]:
    correct = len(question.answer_text)
    others = [len(o) for i, o in enumerate(question.options) if i != question.answer_index]
    if others and correct >= LONGEST_OPTION_RATIO * max(others):
        yield (
            "options",
            f"the correct option {question.answer} is {correct / max(others):.1f}x "
            "as long as the next longest; members can guess it by length",
        )


def question_warnings(question: Question) -> Iterator[tuple[str, str]]:
    if isinstance(question, ShortQuestion):
        yield from _short_collisions(question)
    elif isinstance(question, OpenQuestion):
        yield from _thin_rubric_points(question)
    elif isinstance(question, ChoiceQuestion):
        yield from _longest_option(question)


def content_warnings(bank: QuestionBank) -> list[ContentWarning]:
    return [
        ContentWarning(bank.origin[question_id], question_id, field, message)
        for question_id, question in bank.questions.items()
        for field, message in question_warnings(question)
    ]
