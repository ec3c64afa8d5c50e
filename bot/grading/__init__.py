"""Pure grading: a member's response to a question becomes a `Grade`, or `NotAnAnswer`."""

from __future__ import annotations

from bot.grading.choice import choice_letter, grade_choice
from bot.grading.memo import KEPT_QUESTIONS
from bot.grading.open_answers import grade_open
from bot.grading.result import Grade, NotAnAnswer, PointEvidence, PointStatus, Verdict
from bot.grading.short import grade_short
from bot.grading.text import normalise, typo_allowance
from bot.models import ChoiceQuestion, Question, ShortQuestion

__all__ = [
    "KEPT_QUESTIONS",
    "Grade",
    "NotAnAnswer",
    "PointEvidence",
    "PointStatus",
    "Verdict",
    "choice_letter",
    "grade",
    "normalise",
    "typo_allowance",
]


def grade(question: Question, response: str) -> Grade | NotAnAnswer:
    if isinstance(question, ChoiceQuestion):
        return grade_choice(question, response)
    if isinstance(question, ShortQuestion):
        return grade_short(question, response)
    return grade_open(question, response)
