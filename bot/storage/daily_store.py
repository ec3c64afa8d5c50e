"""SQL for daily questions: channel schedules, claimed posts, reveals and weekly board posts.

Exactly once: a post is claimed by inserting its (platform, channel, local date)
row with ON CONFLICT DO NOTHING RETURNING before anything is sent. The claim carries a lease;
a row whose message never went out (no `message_id`) is taken over by whoever finds its lease
expired, so it is finished once instead of being lost or posted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, NamedTuple

from sqlalchemy import and_, delete, func, null, or_, select, update

from bot.daily.schedule import ScheduleSpec
from bot.models import Difficulty
from bot.storage.delivery_store import DeliveryStore, aware_utc, naive_utc
from bot.storage.tables import attempts, members, posts, schedules, weekly_boards

ClaimKind = Literal["post", "board"]
POST: ClaimKind = "post"
BOARD: ClaimKind = "board"
CLAIM_TABLES = {POST: posts, BOARD: weekly_boards}


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


class BoardState(NamedTuple):
    id: int
    message_id: str | None


class Takeover(NamedTuple):
    """An unfinished claim taken over: when an earlier attempt began sending it, if one did
    (its outcome is unknown: look for it before sending it again)."""

    send_started_at: datetime | None


def _schedule(row: Any) -> ScheduleRow:
    hours, minutes = (int(part) for part in row.post_time.split(":"))
    spec = ScheduleSpec(
        post_time=time(hours, minutes),
        timezone=row.timezone,
        topics=tuple(t for t in row.topics.split(",") if t),
        difficulty=Difficulty(row.difficulty) if row.difficulty else None,
        weekdays=row.weekdays,
        reveal_after=timedelta(minutes=row.reveal_minutes),
    )
    active = aware_utc(row.active_since)
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


def _post(row: Any) -> PostRow:
    created = aware_utc(row.created_at)
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
        aware_utc(row.closes_at),
        aware_utc(row.revealed_at),
        aware_utc(row.send_started_at),
        row.requested_by,
        row.failure,
    )


class DailyStore(DeliveryStore):
    # --- schedules -------------------------------------------------------------------------

    async def save_schedule(
        self,
        platform: str,
        channel_id: str,
        community_id: str,
        spec: ScheduleSpec,
        now: datetime,
        set_by: str | None = None,
    ) -> None:
        values = {
            "community_id": community_id,
            "post_time": spec.post_time.strftime("%H:%M"),
            "timezone": spec.timezone,
            "topics": ",".join(spec.topics),
            "difficulty": spec.difficulty.value if spec.difficulty else None,
            "weekdays": spec.weekdays,
            "reveal_minutes": int(spec.reveal_after.total_seconds()) // 60,
            "paused": False,
            "active_since": naive_utc(now),
            "paused_reason": None,
            "set_by": set_by,
        }
        stmt = self._insert(schedules).values(platform=platform, channel_id=channel_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=["platform", "channel_id"], set_=values)
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def get_schedule(self, platform: str, channel_id: str) -> ScheduleRow | None:
        query = select(schedules).where(
            schedules.c.platform == platform, schedules.c.channel_id == channel_id
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return _schedule(row) if row else None

    async def list_schedules(self) -> list[ScheduleRow]:
        query = select(schedules).order_by(schedules.c.platform, schedules.c.channel_id)
        async with self.engine.connect() as conn:
            return [_schedule(row) for row in await conn.execute(query)]

    async def set_paused(self, platform: str, channel_id: str, paused: bool, now: datetime) -> bool:
        values: dict[str, Any] = {"paused": paused, "paused_reason": None}
        if not paused:
            values["active_since"] = naive_utc(now)
        stmt = (
            update(schedules)
            .where(schedules.c.platform == platform, schedules.c.channel_id == channel_id)
            .values(**values)
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount > 0

    async def delete_schedule(self, platform: str, channel_id: str) -> bool:
        stmt = delete(schedules).where(schedules.c.platform == platform, schedules.c.channel_id == channel_id)
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount > 0

    # --- claiming and finishing posts --------------------------------------------------------

    async def question_history(self, community: str) -> dict[str, date]:
        """Each question the community has had as a daily post -> the last day it was posted."""
        last = func.max(posts.c.created_at).label("last")
        query = (
            select(posts.c.question_id, last)
            .where(posts.c.community == community)
            .group_by(posts.c.question_id)
        )
        async with self.engine.connect() as conn:
            return {row.question_id: row.last.date() for row in await conn.execute(query)}

    async def claim_board(
        self, *, platform: str, channel_id: str, week_start: date, now: datetime, owner: str, lease: timedelta
    ) -> int | None:
        stmt = (
            self._insert(weekly_boards)
            .values(
                platform=platform,
                channel_id=channel_id,
                week_start=week_start,
                created_at=naive_utc(now),
                lease_owner=owner,
                lease_until=naive_utc(now + lease),
            )
            .on_conflict_do_nothing(index_elements=["platform", "channel_id", "week_start"])
        )
        async with self.engine.begin() as conn:
            claimed = (await conn.execute(stmt.returning(weekly_boards.c.id))).first()
        return None if claimed is None else int(claimed.id)

    async def board_state(self, platform: str, channel_id: str, week_start: date) -> BoardState | None:
        query = select(weekly_boards.c.id, weekly_boards.c.message_id).where(
            weekly_boards.c.platform == platform,
            weekly_boards.c.channel_id == channel_id,
            weekly_boards.c.week_start == week_start,
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return None if row is None else BoardState(int(row.id), row.message_id)

    async def take_over(
        self, kind: ClaimKind, row_id: int, *, owner: str, now: datetime, lease: timedelta
    ) -> Takeover | None:
        """Take an unfinished claim whose lease has run out (atomic: one taker wins); None when
        it is finished, given up, or another worker holds a live lease."""
        table = CLAIM_TABLES[kind]
        sent = table.c.send_started_at if kind == POST else null()
        stmt = (
            update(table)
            .where(
                table.c.id == row_id,
                table.c.message_id.is_(None),
                or_(table.c.lease_until.is_(None), table.c.lease_until < naive_utc(now)),
                *([table.c.failure.is_(None)] if kind == POST else []),
            )
            .values(lease_owner=owner, lease_until=naive_utc(now + lease))
            .returning(sent.label("send_started_at"))
        )
        async with self.engine.begin() as conn:
            taken = (await conn.execute(stmt)).first()
        return None if taken is None else Takeover(aware_utc(taken.send_started_at))

    async def finish(self, kind: ClaimKind, row_id: int, message_id: str) -> None:
        table = CLAIM_TABLES[kind]
        stmt = (
            update(table)
            .where(table.c.id == row_id, table.c.message_id.is_(None))
            .values(message_id=message_id, lease_owner=None, lease_until=None)
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def release(self, kind: ClaimKind, row_id: int, owner: str) -> None:
        """Give up a claim after failing to post, so the next attempt may finish it at once."""
        table = CLAIM_TABLES[kind]
        stmt = (
            update(table)
            .where(table.c.id == row_id, table.c.lease_owner == owner, table.c.message_id.is_(None))
            .values(lease_until=None)
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    # --- reading posts ---------------------------------------------------------------------

    async def get_post(self, post_id: int) -> PostRow | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(posts).where(posts.c.id == post_id))).first()
        return _post(row) if row else None

    async def unfinished_posts(self) -> list[PostRow]:
        """Claimed posts without a message id that are still to be finished (any channel)."""
        query = (
            select(posts).where(posts.c.message_id.is_(None), posts.c.failure.is_(None)).order_by(posts.c.id)
        )
        async with self.engine.connect() as conn:
            return [_post(row) for row in await conn.execute(query)]

    async def post_for_day(self, platform: str, channel_id: str, day: date) -> PostRow | None:
        query = select(posts).where(
            posts.c.platform == platform, posts.c.channel_id == channel_id, posts.c.local_date == day
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return _post(row) if row else None

    async def latest_post(self, platform: str, channel_id: str) -> PostRow | None:
        query = (
            select(posts)
            .where(
                posts.c.platform == platform,
                posts.c.channel_id == channel_id,
                posts.c.message_id.is_not(None),
            )
            .order_by(posts.c.created_at.desc())
            .limit(1)
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return _post(row) if row else None

    async def unrevealed_posts(self) -> list[PostRow]:
        """Posts that went out and still wait for (or missed) their reveal."""
        query = (
            select(posts)
            .where(
                posts.c.message_id.is_not(None),
                posts.c.revealed_at.is_(None),
                posts.c.closes_at.is_not(None),
                posts.c.reveal_skipped.is_(False),
            )
            .order_by(posts.c.closes_at)
        )
        async with self.engine.connect() as conn:
            return [_post(row) for row in await conn.execute(query)]

    async def mark_revealed(self, post_id: int, now: datetime) -> None:
        stmt = (
            update(posts)
            .where(posts.c.id == post_id, posts.c.revealed_at.is_(None))
            .values(revealed_at=naive_utc(now))
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def mark_reveal_skipped(self, post_id: int) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(posts).where(posts.c.id == post_id).values(reveal_skipped=True))

    async def answered_count(self, post_id: int) -> int:
        query = select(func.count()).select_from(attempts).where(attempts.c.post_id == post_id)
        async with self.engine.connect() as conn:
            return int(await conn.scalar(query) or 0)

    async def post_answers(self, post_id: int) -> list[PostAnswer]:
        query = (
            select(
                attempts.c.member_id,
                attempts.c.response,
                attempts.c.verdict,
                attempts.c.points,
                attempts.c.answered_at,
                members.c.display_name,
                members.c.user_id,
            )
            .join(members, members.c.id == attempts.c.member_id)
            .where(attempts.c.post_id == post_id)
            .order_by(attempts.c.answered_at)
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [
            PostAnswer(
                r.member_id, r.display_name or r.user_id, r.response, r.verdict, r.points, r.answered_at
            )
            for r in rows
        ]

    async def daily_days(
        self, community: str, user_id: str, limit: int = 400
    ) -> tuple[list[date], set[date]]:
        """(days with a daily post in the channels the member answers in, newest first;
        the days on which the member answered one)."""
        member = (
            select(members.c.id)
            .where(members.c.community == community, members.c.user_id == user_id)
            .scalar_subquery()
        )
        answered = (
            select(posts.c.local_date, posts.c.channel_id)
            .join(attempts, attempts.c.post_id == posts.c.id)
            .where(attempts.c.member_id == member, posts.c.local_date.is_not(None))
        )
        async with self.engine.connect() as conn:
            mine = (await conn.execute(answered)).all()
            channels = {row.channel_id for row in mine}
            if not channels:
                return [], set()
            days = (
                select(posts.c.local_date)
                .distinct()
                .where(
                    and_(
                        posts.c.community == community,
                        posts.c.channel_id.in_(channels),
                        posts.c.message_id.is_not(None),
                        posts.c.local_date.is_not(None),
                    )
                )
                .order_by(posts.c.local_date.desc())
                .limit(limit)
            )
            posted = list((await conn.execute(days)).scalars())
        return posted, {row.local_date for row in mine}
