"""Which question a channel posts on a day: one its community has not had yet, or had longest ago,
and not the one another of its channels has that day."""

from __future__ import annotations

import logging
import random
from datetime import date

from bot.bank import QuestionBank
from bot.daily.schedule import ScheduleSpec
from bot.models import Question
from bot.storage.daily_store import DailyStore

log = logging.getLogger("prepbot.daily")
QUICK_DRAWS = 8


def matching_questions(bank: QuestionBank, spec: ScheduleSpec) -> list[Question]:
    """The questions of the schedule's topics (all when it names none) and difficulty."""
    return [q for q in bank.select(difficulty=spec.difficulty) if not spec.topics or q.topic in spec.topics]


class QuestionChooser:
    def __init__(self, bank: QuestionBank, daily_store: DailyStore, rng: random.Random) -> None:
        self.bank = bank
        self.daily_store = daily_store
        self.rng = rng

    async def ranked(self, community: str, spec: ScheduleSpec, day: date) -> list[Question]:
        """Questions to post, best first: not yet had by the community (in random order), then
        the longest ago; questions another channel of the community has today come last."""
        history, taken = await self.daily_store.question_record(community, day)
        return self.rank(community, spec, history, taken)

    def rank(
        self, community: str, spec: ScheduleSpec, history: dict[str, date], taken: set[str]
    ) -> list[Question]:
        """`ranked`, given the community's history and the questions taken on the day."""
        candidates = self.candidates(community, spec)
        shuffled = self.rng.sample(candidates, len(candidates))
        ranked = sorted(shuffled, key=lambda q: (q.id in taken, q.id in history, history.get(q.id, date.min)))
        if ranked and ranked[0].id in taken:  # the schedule's own questions are all taken
            others = [q for q in self.bank.select() if q.id not in taken]
            ranked = self.rng.sample(others, len(others)) + ranked
        return ranked

    def candidates(self, community: str, spec: ScheduleSpec) -> list[Question]:
        candidates = matching_questions(self.bank, spec)
        if not candidates:
            log.warning("no question matches the schedule in %s: using the whole bank", community)
            candidates = self.bank.select()
        return candidates

    def best(self, candidates: list[Question], history: dict[str, date], taken: set[str]) -> Question | None:
        """The question `rank` puts first, drawn without ranking them all (for many channels)."""
        # Most days most candidates are new to the community: a few random draws find one without
        # scanning them all, and a draw kept only when new is still uniform over the new ones.
        for q in self.rng.sample(candidates, min(len(candidates), QUICK_DRAWS)):
            if q.id not in taken and q.id not in history:
                return q
        free = [q for q in candidates if q.id not in taken]
        if not free:
            free = [q for q in self.bank.select() if q.id not in taken]
        if not free:
            return min(candidates, key=lambda q: (q.id in history, history.get(q.id, date.min)), default=None)
        unseen = [q for q in free if q.id not in history]
        if unseen:
            return self.rng.choice(unseen)
        oldest = min(history[q.id] for q in free)
        return self.rng.choice([q for q in free if history[q.id] == oldest])

    @staticmethod
    def in_order(candidates: list[Question], history: dict[str, date]) -> list[str]:
        """The candidates, those the community never had first, then the longest ago."""
        return [
            q.id for q in sorted(candidates, key=lambda q: (q.id in history, history.get(q.id, date.min)))
        ]
