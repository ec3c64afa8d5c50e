"""Leaderboard scopes: which points a board counts, as a value with its storage key."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.commands import Period


@dataclass(frozen=True)
class BoardScope:
    """A period (from `start`: a week's Monday or a month's first day), optionally one topic."""

    period: Period
    start: date | None = None
    topic: str | None = None

    @classmethod
    def for_period(cls, period: Period | str, local_now: datetime) -> BoardScope:
        """The scope of `period` that contains the local time `local_now`."""
        day = local_now.date()
        if period == Period.WEEK:
            return cls.week_of(day - timedelta(days=day.weekday()))
        if period == Period.MONTH:
            return cls(Period.MONTH, day.replace(day=1))
        return cls(Period.ALL)

    @classmethod
    def week_of(cls, monday: date) -> BoardScope:
        return cls(Period.WEEK, monday)

    def with_topic(self, topic: str | None) -> BoardScope:
        return replace(self, topic=topic)

    @property
    def key(self) -> str:
        """The running-total key: "all", "week:2026-11-16", "month:2026-11", "...|topic"."""
        if self.period == Period.ALL or self.start is None:
            base = "all"
        elif self.period == Period.WEEK:
            base = f"week:{self.start.isoformat()}"
        else:
            base = f"month:{self.start:%Y-%m}"
        return f"{base}|{self.topic}" if self.topic else base
