"""The question a channel gets when many channels are posted at once (`QuestionChooser.best`)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from typing import Any, cast

from bot.bank import load_content
from bot.daily.choosing import QuestionChooser

BANK = load_content([])
QUESTIONS = BANK.select()


def chooser(seed: int) -> QuestionChooser:
    return QuestionChooser(BANK, cast(Any, None), random.Random(seed))


def test_a_question_the_community_never_had_comes_first_and_each_is_as_likely() -> None:
    history = {q.id: date(2026, 1, 1) for q in QUESTIONS[3:]}  # all but three were posted before
    taken = {QUESTIONS[0].id}  # another channel has this one today
    picks = Counter(chooser(seed).best(QUESTIONS, history, taken).id for seed in range(3000))  # type: ignore[union-attr]
    assert set(picks) == {QUESTIONS[1].id, QUESTIONS[2].id}
    assert min(picks.values()) > 1300  # about 1,500 each


def test_when_every_question_was_had_the_longest_ago_comes_first() -> None:
    history = {q.id: date(2026, 3, 1) for q in QUESTIONS}
    history[QUESTIONS[7].id] = date(2025, 12, 31)
    assert chooser(1).best(QUESTIONS, history, set()) == QUESTIONS[7]
