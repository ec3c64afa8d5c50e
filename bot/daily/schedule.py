"""A channel's daily schedule: parsing `/prep schedule set ...` and when its posts fall (DST-safe)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UsageError
from bot.models import Difficulty
from bot.topics import Topics, resolve_topic

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS = "0123456"
DEFAULT_REVEAL = timedelta(hours=8)
MIN_REVEAL = timedelta(minutes=5)
MAX_REVEAL = timedelta(hours=23)
DAY_SETS = {"daily": ALL_DAYS, "everyday": ALL_DAYS, "weekdays": "01234", "weekends": "56"}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DURATION = re.compile(r"^(?:(\d{1,2})h)?(?:(\d{1,4})m(?:in)?)?$")
_DAY = "|".join(DAY_NAMES)
_DAYS = re.compile(rf"^({_DAY})[a-z]*(-({_DAY})[a-z]*)?(,({_DAY})[a-z]*(-({_DAY})[a-z]*)?)*$")


@dataclass(frozen=True)
class ScheduleSpec:
    """When and what a channel posts. `weekdays` holds Monday=0 .. Sunday=6 as digits."""

    post_time: time
    timezone: str
    topics: tuple[str, ...] = ()
    difficulty: Difficulty | None = None
    weekdays: str = ALL_DAYS
    reveal_after: timedelta = DEFAULT_REVEAL

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def posts_on(self, day: date) -> bool:
        return str(day.weekday()) in self.weekdays

    def occurrence(self, day: date) -> datetime:
        """The post time on local `day`, as an aware UTC datetime.

        A time skipped by a spring-forward jump is read with the offset before the jump (02:30
        becomes 03:30 summer time); a time repeated on a fall-back day is its first occurrence.
        """
        local = datetime.combine(day, self.post_time, tzinfo=self.zone)
        return local.astimezone(ZoneInfo("UTC"))

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def latest_at_or_before(self, now: datetime, *, any_day: bool = False) -> datetime | None:
        """The most recent post time <= now (on a posting weekday unless `any_day`)."""
        today = self.local_date(now)
        for back in range(8):
            day = today - timedelta(days=back)
            if (any_day or self.posts_on(day)) and self.occurrence(day) <= now:
                return self.occurrence(day)
        return None

    def next_after(self, moment: datetime, *, any_day: bool = True) -> datetime:
        """The first post time strictly after `moment` (every day by default: Mondays also
        carry the weekly leaderboard, whatever the weekday filter)."""
        day = self.local_date(moment) - timedelta(days=1)
        for ahead in range(9):
            candidate = day + timedelta(days=ahead)
            if (any_day or self.posts_on(candidate)) and self.occurrence(candidate) > moment:
                return self.occurrence(candidate)
        raise AssertionError("a schedule posts at least once a week")


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if match is None:
        raise UsageError(f"'{text[:20]}' is not a time: use HH:MM in 24-hour form, e.g. 09:00.")
    return time(int(match.group(1)), int(match.group(2)))


def parse_timezone(text: str) -> str:
    name = "UTC" if text.upper() in {"UTC", "GMT", "Z"} else text
    if ".." in name or name.startswith("/"):
        raise UsageError(f"Unknown timezone '{text[:40]}'.")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"Unknown timezone '{text[:40]}': use an IANA name such as Europe/Berlin or America/New_York."
        ) from None
    return name


def parse_weekdays(text: str) -> str:
    """`mon-fri`, `mon,wed,fri`, `sat-sun`, `weekdays`, `daily` -> digits Monday=0."""
    lowered = text.lower().strip()
    if lowered in DAY_SETS:
        return DAY_SETS[lowered]
    if not _DAYS.match(lowered):
        raise UsageError(f"'{text[:40]}' is not a list of weekdays: try mon-fri or mon,wed,fri.")
    chosen: set[int] = set()
    for part in lowered.split(","):
        first, _, last = part.partition("-")
        start = DAY_NAMES.index(first[:3])
        end = DAY_NAMES.index(last[:3]) if last else start
        span = (end - start) % 7
        chosen.update((start + offset) % 7 for offset in range(span + 1))
    return "".join(str(day) for day in sorted(chosen))


def parse_duration(text: str) -> timedelta:
    match = _DURATION.match(text.lower().strip())
    if match is None or not (match.group(1) or match.group(2)):
        raise UsageError(f"'{text[:20]}' is not a duration: use e.g. 8h, 90m or 1h30m.")
    delay = timedelta(hours=int(match.group(1) or 0), minutes=int(match.group(2) or 0))
    if not MIN_REVEAL <= delay <= MAX_REVEAL:
        raise UsageError("The reveal delay must be between 5 minutes and 23 hours.")
    return delay


def _looks_like_days(word: str) -> bool:
    lowered = word.lower()
    return lowered in DAY_SETS or bool(_DAYS.match(lowered))


def parse_schedule(
    args: tuple[str, ...], default_timezone: str, known: Topics, defaults: ScheduleSpec | None = None
) -> ScheduleSpec:
    """`<HH:MM> [timezone] [topics...] [difficulty] [days] [reveal=8h]`, in any order after the time.

    Named forms also work: `tz=...`, `topics=a,b`, `difficulty=hard`, `days=mon-fri`, `reveal=6h`.
    What is left out comes from `defaults` (the community's), else the deployment's timezone.
    """
    if not args:
        raise UsageError(
            "Give a time: /prep schedule set 09:00 [timezone] [topics...] "
            "[easy|medium|hard] [mon-fri] [reveal=8h]"
        )
    start = parse_time(args[0])
    spec = replace(defaults, post_time=start) if defaults else ScheduleSpec(start, default_timezone)
    topics: list[str] = []
    for word in args[1:]:
        key, sep, value = word.partition("=")
        key = key.lower() if sep else ""
        value = value if sep else word
        if key in {"tz", "timezone"} or (not key and ("/" in value or value.upper() == "UTC")):
            spec = replace(spec, timezone=parse_timezone(value))
        elif key == "difficulty" or (not key and value.lower() in Difficulty._value2member_map_):
            spec = replace(spec, difficulty=_difficulty(value))
        elif key in {"days", "weekdays"} or (not key and _looks_like_days(value)):
            spec = replace(spec, weekdays=parse_weekdays(value))
        elif key in {"reveal", "reveal-after"} or (not key and _DURATION.match(value.lower())):
            spec = replace(spec, reveal_after=parse_duration(value))
        elif key in {"topic", "topics", ""}:
            topics += [resolve_topic(part, known) for part in value.split(",") if part.strip()]
        else:
            raise UsageError(f"Unknown option '{key[:20]}': use tz=, topics=, difficulty=, days= or reveal=.")
    return replace(spec, topics=tuple(dict.fromkeys(topics)) or spec.topics)


def _difficulty(text: str) -> Difficulty:
    try:
        return Difficulty(text.lower())
    except ValueError:
        raise UsageError(f"Unknown difficulty '{text[:20]}': use easy, medium or hard.") from None


def describe_days(weekdays: str) -> str:
    if weekdays == ALL_DAYS:
        return "every day"
    if weekdays == "01234":
        return "Mon–Fri"
    return ", ".join(DAY_NAMES[int(d)].capitalize() for d in weekdays)


def describe_delay(delay: timedelta) -> str:
    hours, minutes = divmod(int(delay.total_seconds()) // 60, 60)
    return " ".join(part for part in (f"{hours}h" if hours else "", f"{minutes}m" if minutes else "") if part)
