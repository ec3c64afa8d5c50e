"""Wording every renderer shares: the core's replies carry meaning, these are their words."""

from __future__ import annotations

from bot.commands import Period
from bot.grading import Verdict
from bot.replies import OptionCount, QuestionCard

PERIOD_TITLES = {Period.WEEK: "This week", Period.MONTH: "This month", Period.ALL: "All time"}
VERDICT_WORDS = {Verdict.CORRECT: "Correct!", Verdict.PARTIAL: "Partly right.", Verdict.WRONG: "Not quite."}
VERDICT_LABELS = {Verdict.CORRECT: "Correct", Verdict.PARTIAL: "Partly right", Verdict.WRONG: "Not quite"}


def how_to_answer(card: QuestionCard) -> str:
    """The line under a question card that says how to answer it (or that the reader has)."""
    if card.answered_as is not None:
        return (
            f"You have answered this one ({VERDICT_LABELS[card.answered_as]}); "
            "the answer is revealed when it closes."
        )
    if card.options:
        letters = "/".join("ABCDE"[: len(card.options)])
        return f"Answer with /prep answer {letters}"
    return "Answer with /prep answer <your answer>"


def option_label(option: OptionCount) -> str:
    """A row of a reveal's tally: the choice as the question words it, or the verdict's label."""
    return option.label if option.verdict is None else VERDICT_LABELS[option.verdict]


def closing_time(card: QuestionCard) -> str:
    """When a daily post stops taking answers, in its schedule's timezone (ISO, to the minute)."""
    return card.closes_at.isoformat(timespec="minutes") if card.closes_at else ""
