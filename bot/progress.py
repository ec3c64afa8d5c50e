"""What a progress card shows besides the stats: answers per local day over recent weeks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ACTIVITY_DAYS = 56  # eight weeks


def activity_start(today: date, zone: ZoneInfo) -> datetime:
    """The first moment (aware UTC) of the window that ends with `today`."""
    first = today - timedelta(days=ACTIVITY_DAYS - 1)
    local = datetime(first.year, first.month, first.day, tzinfo=zone)
    return local.astimezone(UTC)


def answers_per_day(times: Iterable[datetime], today: date, zone: ZoneInfo) -> tuple[int, ...]:
    """Answers on each of the last ACTIVITY_DAYS local days, oldest first, today last."""
    counts = [0] * ACTIVITY_DAYS
    first = today - timedelta(days=ACTIVITY_DAYS - 1)
    for moment in times:
        day = moment.astimezone(zone).date()
        index = (day - first).days
        if 0 <= index < ACTIVITY_DAYS:
            counts[index] += 1
    return tuple(counts)
