"""SQL for daily questions: channel schedules, posts and their reveals, answers to posts.
Claiming posts and boards: bot.storage.claim_store."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    delete,
    func,
    literal_column,
    null,
    select,
    union_all,
    update,
)

from bot.daily.schedule import ScheduleSpec
from bot.storage.claim_store import ClaimStore
from bot.storage.daily_rows import PostAnswer, PostRow, ScheduleRow, post_row, schedule_row
from bot.storage.privacy_store import on_public_boards
from bot.storage.tables import attempts, daily_questions, members, posts, schedules

# The statements of each channel's daily job, built once (their SQL is compiled once too).
SCHEDULE = select(schedules).where(
    schedules.c.platform == bindparam("platform"), schedules.c.channel_id == bindparam("channel_id")
)
POST_BY_ID = select(posts).where(posts.c.id == bindparam("post_id"))
ANSWERED_COUNT = select(func.count()).select_from(attempts).where(attempts.c.post_id == bindparam("post_id"))
POST_FOR_DAY = select(posts).where(
    posts.c.platform == bindparam("platform"),
    posts.c.channel_id == bindparam("channel_id"),
    posts.c.local_date == bindparam("day"),
)
# The community's daily-question history (question -> when last posted) and, marked `taken`,
# the questions another of its channels has on the day: one round trip.
_LAST_POSTED = func.max(posts.c.created_at).label("last")
QUESTION_RECORD = union_all(
    select(posts.c.question_id, _LAST_POSTED, literal_column("0").label("taken"))
    .where(posts.c.community == bindparam("community"))
    .group_by(posts.c.question_id),
    select(daily_questions.c.question_id, null().label("last"), literal_column("1").label("taken")).where(
        daily_questions.c.community == bindparam("community"),
        daily_questions.c.local_date == bindparam("day"),
    ),
)


class DailyStore(ClaimStore):
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
            "active_since": now,
            "paused_reason": None,
            "set_by": set_by,
        }
        stmt = self._insert(schedules).values(platform=platform, channel_id=channel_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=["platform", "channel_id"], set_=values)
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def get_schedule(self, platform: str, channel_id: str) -> ScheduleRow | None:
        params = {"platform": platform, "channel_id": channel_id}
        row = await self.transactions.read(lambda conn: conn.execute(SCHEDULE, params).first())
        return schedule_row(row) if row else None

    async def list_schedules(self) -> list[ScheduleRow]:
        query = select(schedules).order_by(schedules.c.platform, schedules.c.channel_id)
        return await self.transactions.read(lambda conn: [schedule_row(row) for row in conn.execute(query)])

    async def set_paused(self, platform: str, channel_id: str, paused: bool, now: datetime) -> bool:
        values: dict[str, Any] = {"paused": paused, "paused_reason": None}
        if not paused:
            values["active_since"] = now
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

    # --- choosing questions ------------------------------------------------------------------

    async def question_record(self, community: str, day: date) -> tuple[dict[str, date], set[str]]:
        """(each question the community has had as a daily post -> the last day it was posted;
        the questions one of its channels has on `day`)."""
        history: dict[str, date] = {}
        taken: set[str] = set()
        params = {"community": community, "day": day}
        for row in await self.transactions.read(lambda conn: conn.execute(QUESTION_RECORD, params).all()):
            if row.taken:
                taken.add(row.question_id)
            else:
                history[row.question_id] = row.last.date()
        return history, taken

    # --- reading posts ---------------------------------------------------------------------

    async def get_post(self, post_id: int) -> PostRow | None:
        row = await self.transactions.read(
            lambda conn: conn.execute(POST_BY_ID, {"post_id": post_id}).first()
        )
        return post_row(row) if row else None

    async def unfinished_posts(self) -> list[PostRow]:
        """Claimed posts without a message id that are still to be finished (any channel)."""
        query = (
            select(posts).where(posts.c.message_id.is_(None), posts.c.failure.is_(None)).order_by(posts.c.id)
        )
        return await self.transactions.read(lambda conn: [post_row(row) for row in conn.execute(query)])

    async def post_for_day(self, platform: str, channel_id: str, day: date) -> PostRow | None:
        params = {"platform": platform, "channel_id": channel_id, "day": day}
        row = await self.transactions.read(lambda conn: conn.execute(POST_FOR_DAY, params).first())
        return post_row(row) if row else None

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
        row = await self.transactions.read(lambda conn: conn.execute(query).first())
        return post_row(row) if row else None

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
        return await self.transactions.read(lambda conn: [post_row(row) for row in conn.execute(query)])

    async def mark_revealed(self, post_id: int, now: datetime) -> None:
        stmt = (
            update(posts).where(posts.c.id == post_id, posts.c.revealed_at.is_(None)).values(revealed_at=now)
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def mark_reveal_skipped(self, post_id: int) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(posts).where(posts.c.id == post_id).values(reveal_skipped=True))

    async def answered_count(self, post_id: int) -> int:
        params = {"post_id": post_id}
        count: int | None = await self.transactions.read(lambda conn: conn.scalar(ANSWERED_COUNT, params))
        return int(count or 0)

    async def post_and_count(self, post_id: int) -> tuple[PostRow, int, str | None] | None:
        """The post, how many members answered it and its channel's time zone (None without a
        schedule), in one read: what a live-count edit needs."""

        def read(conn: Connection) -> tuple[PostRow, int, str | None] | None:
            row = conn.execute(POST_BY_ID, {"post_id": post_id}).first()
            if row is None:
                return None
            count = conn.scalar(ANSWERED_COUNT, {"post_id": post_id})
            schedule = conn.execute(
                SCHEDULE, {"platform": row.platform, "channel_id": row.channel_id}
            ).first()
            return post_row(row), int(count or 0), schedule_row(schedule).spec.timezone if schedule else None

        return await self.transactions.read(read)

    async def post_answers(self, post_id: int) -> list[PostAnswer]:
        answers = select(
            attempts.c.member_id,
            attempts.c.response,
            attempts.c.verdict,
            attempts.c.points,
            attempts.c.answered_at,
            members.c.display_name,
            members.c.user_id,
        ).join(members, members.c.id == attempts.c.member_id)
        answers, shown = on_public_boards(answers, attempts.c.member_id, attempts.c.community)
        query = answers.add_columns(shown.label("on_boards")).where(attempts.c.post_id == post_id)
        query = query.order_by(attempts.c.answered_at)
        rows = await self.transactions.read(lambda conn: conn.execute(query).all())
        return [
            PostAnswer(
                r.member_id,
                r.display_name or r.user_id,
                r.response,
                r.verdict,
                r.points,
                r.answered_at,
                bool(r.on_boards),
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

        def read(conn: Connection) -> tuple[list[date], set[date]]:
            mine = conn.execute(answered).all()
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
            return list(conn.execute(days).scalars()), {row.local_date for row in mine}

        return await self.transactions.read(read)
