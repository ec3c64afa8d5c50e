"""Daily-question rows as the core sees them: schedules, posts, answers to a post, claim states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from bot.daily.schedule import ScheduleSpec
from bot.models import Difficulty


@dataclass(frozen=True)
class ScheduleRow:
    platform: str
    channel_id: str
    community_id: str
    spec: ScheduleSpec
    paused: bool
    active_since: datetime
    set_by: str | None = None
    paused_reason: str | None = None


@dataclass(frozen=True)
class PostRow:
    id: int
    community: str
    platform: str
    channel_id: str
    question_id: str
    local_date: date | None
    message_id: str | None
    created_at: datetime
    closes_at: datetime | None
    revealed_at: datetime | None
    send_started_at: datetime | None = None
    requested_by: str | None = None
    failure: str | None = None


@dataclass(frozen=True)
class PostAnswer:
    member_id: int
    name: str
    response: str
    verdict: str
    points: int
    answered_at: datetime
    on_boards: bool = True  # False: the member chose not to appear on public boards


class BoardState(NamedTuple):
    id: int
    message_id: str | None


class Takeover(NamedTuple):
    """An unfinished claim taken over: when an earlier attempt began sending it, if one did
    (its outcome is unknown: look for it before sending it again)."""

    send_started_at: datetime | None


def schedule_row(row: Any) -> ScheduleRow:
    hours, minutes = (int(part) for part in row.post_time.split(":"))
    spec = ScheduleSpec(
        post_time=time(hours, minutes),
        timezone=row.timezone,
        topics=tuple(t for t in row.topics.split(",") if t),
        difficulty=Difficulty(row.difficulty) if row.difficulty else None,
        weekdays=row.weekdays,
        reveal_after=timedelta(minutes=row.reveal_minutes),
    )
    active = row.active_since
    assert active is not None
    return ScheduleRow(
        row.platform,
        row.channel_id,
        row.community_id,
        spec,
        bool(row.paused),
        active,
        row.set_by,
        row.paused_reason,
    )


def post_row(row: Any) -> PostRow:
    created = row.created_at
    assert created is not None
    return PostRow(
        row.id,
        row.community,
        row.platform,
        row.channel_id,
        row.question_id,
        row.local_date,
        row.message_id,
        created,
        row.closes_at,
        row.revealed_at,
        row.send_started_at,
        row.requested_by,
        row.failure,
    )
