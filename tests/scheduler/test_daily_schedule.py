"""Parsing `/prep schedule set ...` and the DST-safe post times (pure, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.daily.schedule import ScheduleSpec, parse_schedule, parse_weekdays
from bot.errors import UsageError
from bot.models import Difficulty
from bot.topics import Topics
from scheduler.daily_jobs import DailyTrigger
from tests.scheduler.conftest import berlin


def test_a_full_schedule_line_is_understood_in_any_order(shipped_topics: Topics) -> None:
    spec = parse_schedule(
        ("9:05", "Europe/Berlin", "nlp,mlops", "hard", "mon-fri", "reveal=6h"), "UTC", shipped_topics
    )
    assert spec == ScheduleSpec(
        time(9, 5),
        "Europe/Berlin",
        ("nlp-transformers", "mlops"),
        Difficulty.HARD,
        "01234",
        timedelta(hours=6),
    )
    named = parse_schedule(
        ("07:30", "tz=America/New_York", "days=mon,wed,fri", "reveal=90m", "topics=statistics"),
        "UTC",
        shipped_topics,
    )
    assert (named.timezone, named.weekdays, named.reveal_after, named.topics) == (
        "America/New_York",
        "024",
        timedelta(minutes=90),
        ("probability-statistics",),
    )


def test_defaults_are_the_configured_timezone_every_day_and_an_eight_hour_reveal(
    shipped_topics: Topics,
) -> None:
    spec = parse_schedule(("09:00",), "Asia/Tokyo", shipped_topics)
    assert (spec.timezone, spec.weekdays, spec.reveal_after, spec.topics, spec.difficulty) == (
        "Asia/Tokyo",
        "0123456",
        timedelta(hours=8),
        (),
        None,
    )


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("mon-fri", "01234"),
        ("mon,wed,fri", "024"),
        ("sat-sun", "56"),
        ("fri-mon", "0456"),
        ("weekdays", "01234"),
        ("daily", "0123456"),
        ("Tuesday,Thursday", "13"),
    ],
)
def test_weekday_lists(text: str, digits: str) -> None:
    assert parse_weekdays(text) == digits


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        ((), "Give a time"),
        (("25:00",), "not a time"),
        (("9am",), "not a time"),
        (("09:00", "Mars/Olympus"), "Unknown timezone"),
        (("09:00", "../../etc/passwd"), "timezone"),
        (("09:00", "reveal=2m"), "between 5 minutes and 23 hours"),
        (("09:00", "reveal=30h"), "between 5 minutes"),
        (("09:00", "astrology"), "Unknown topic"),
        (("09:00", "colour=red"), "Unknown option"),
    ],
)
def test_bad_schedules_say_what_is_wrong(
    args: tuple[str, ...], complaint: str, shipped_topics: Topics
) -> None:
    with pytest.raises(UsageError, match=complaint):
        parse_schedule(args, "UTC", shipped_topics)


def fire_times(spec: ScheduleSpec, start: datetime, count: int) -> list[datetime]:
    trigger = DailyTrigger(spec)
    times = [trigger.get_next_fire_time(None, start)]
    while len(times) < count:
        times.append(trigger.get_next_fire_time(times[-1], times[-1]))
    return [t for t in times if t is not None]


def test_spring_forward_a_skipped_0230_posts_once_at_0330_summer_time() -> None:
    spec = ScheduleSpec(time(2, 30), "Europe/Berlin")
    times = fire_times(spec, berlin(2026, 3, 27, 12, 0), 4)
    local = [t.astimezone(spec.zone) for t in times]
    assert [t.date().day for t in local] == [28, 29, 30, 31]  # one a day, none skipped
    assert times[1] == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST, the day of the jump
    assert (local[0].hour, local[2].hour) == (2, 2)


def test_fall_back_a_repeated_0230_posts_once() -> None:
    spec = ScheduleSpec(time(2, 30), "Europe/Berlin")
    times = fire_times(spec, berlin(2026, 10, 24, 12, 0), 3)
    assert [t.astimezone(spec.zone).date().day for t in times] == [25, 26, 27]
    assert times[0] == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 02:30 (CEST)
    assert spec.latest_at_or_before(datetime(2026, 10, 25, 1, 45, tzinfo=UTC)) == times[0]
