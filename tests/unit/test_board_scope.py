"""Leaderboard scopes as values: the period containing a local time, and their storage keys."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.commands import Period
from bot.scopes import BoardScope

THURSDAY = datetime(2026, 11, 19, 23, 30)


@pytest.mark.parametrize(
    ("period", "start", "key"),
    [
        (Period.WEEK, date(2026, 11, 16), "week:2026-11-16"),
        (Period.MONTH, date(2026, 11, 1), "month:2026-11"),
        (Period.ALL, None, "all"),
    ],
)
def test_a_period_scope_starts_on_its_monday_or_first_day(
    period: Period, start: date | None, key: str
) -> None:
    scope = BoardScope.for_period(period, THURSDAY)
    assert (scope.start, scope.key) == (start, key)


def test_a_topic_narrows_the_scope_and_last_weeks_board_is_named_by_its_monday() -> None:
    assert BoardScope.for_period("week", THURSDAY).with_topic("llm").key == "week:2026-11-16|llm"
    assert BoardScope.week_of(date(2026, 11, 9)) == BoardScope(Period.WEEK, date(2026, 11, 9))
    assert BoardScope.for_period(Period.ALL, THURSDAY).with_topic(None).key == "all"
