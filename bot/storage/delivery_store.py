"""SQL for delivering daily posts when platforms fail: claims that take a distinct question per
community day, posts whose outcome is unknown, posts that finally failed, schedules paused by a
refusal, and private notes for the admins who have to act."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.tables import admin_notes, daily_questions, posts, schedules
from bot.storage.transactions import Transactions

# The question id of a day recorded as skipped (no question was ever drawn for it).
NO_QUESTION = ""

MARK_SEND_STARTED = (
    update(posts)
    .where(posts.c.id == bindparam("post_id"))
    .values(send_started_at=bindparam("started"), lease_until=bindparam("until"))
)


def _day_post(
    community: str, platform: str, channel_id: str, question_id: str, local_date: date, now: datetime
) -> dict[str, object]:
    return {
        "community": community,
        "platform": platform,
        "channel_id": channel_id,
        "question_id": question_id,
        "local_date": local_date,
        "created_at": now,
    }


class ClaimedPost(NamedTuple):
    post_id: int
    question_id: str
    distinct: bool  # no other channel of the community has this question today


class DeliveryStore:
    def __init__(self, engine: AsyncEngine, transactions: Transactions | None = None) -> None:
        self.engine = engine
        self.transactions = transactions or Transactions.for_engine(engine)
        self._insert: Any = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        # The channel's row for its local day, inserted unless one is there already: its id.
        self._claim_day = (
            self._insert(posts)
            .on_conflict_do_nothing(index_elements=["platform", "channel_id", "local_date"])
            .returning(posts.c.id)
        )
        # The community's question of the day, taken unless another channel has it: its post id.
        self._take_question = (
            self._insert(daily_questions).on_conflict_do_nothing().returning(daily_questions.c.post_id)
        )

    # --- claims ------------------------------------------------------------------------------

    async def claim_post(
        self,
        *,
        community: str,
        platform: str,
        channel_id: str,
        question_ids: Sequence[str],
        local_date: date,
        closes_at: datetime,
        now: datetime,
        owner: str,
        lease: timedelta,
        requested_by: str | None = None,
    ) -> ClaimedPost | None:
        """Insert the day's post row with the first of `question_ids` no other channel of the
        community has today. None when
        (platform, channel, local date) is already taken. When every candidate is taken the
        first is kept (the post goes out; answers to it then earn points once)."""
        assert question_ids
        row = _day_post(community, platform, channel_id, question_ids[0], local_date, now) | {
            "closes_at": closes_at,
            "lease_owner": owner,
            "lease_until": now + lease,
            "requested_by": requested_by,
        }
        async with self.engine.begin() as conn:
            claimed = (await conn.execute(self._claim_day, row)).first()
            if claimed is None:
                return None
            post_id = int(claimed.id)
            for question_id in question_ids:
                question = {
                    "community": community,
                    "local_date": local_date,
                    "question_id": question_id,
                    "post_id": post_id,
                }
                if (await conn.execute(self._take_question, question)).first():
                    if question_id != question_ids[0]:
                        await conn.execute(
                            update(posts).where(posts.c.id == post_id).values(question_id=question_id)
                        )
                    return ClaimedPost(post_id, question_id, distinct=True)
        return ClaimedPost(post_id, question_ids[0], distinct=False)

    async def skip_day(
        self, *, community: str, platform: str, channel_id: str, day: date, now: datetime, reason: str
    ) -> bool:
        """Record that the channel's question of `day` was not posted; True for the first to
        record it (so one process logs it and tells the admin)."""
        row = _day_post(community, platform, channel_id, NO_QUESTION, day, now) | {"failure": reason}
        async with self.engine.begin() as conn:
            return (await conn.execute(self._claim_day, row)).first() is not None

    # --- posts in flight and posts that failed ----------------------------------------------

    async def mark_send_started(self, post_id: int, now: datetime, lease: timedelta) -> None:
        """From here until its message id is stored, the post's outcome is unknown; the lease
        runs from the send, so no other worker takes the post over while the call is alive."""
        async with self.engine.begin() as conn:
            await conn.execute(MARK_SEND_STARTED, {"post_id": post_id, "started": now, "until": now + lease})

    async def fail_post(self, post_id: int, reason: str) -> bool:
        """Give up an unfinished post for good; True for the one caller that did."""
        stmt = (
            update(posts)
            .where(posts.c.id == post_id, posts.c.message_id.is_(None), posts.c.failure.is_(None))
            .values(failure=reason, lease_owner=None, lease_until=None)
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount > 0

    async def retry_failed(self, post_id: int) -> None:
        """Make a failed post unfinished again (an admin resumed the channel)."""
        stmt = (
            update(posts)
            .where(posts.c.id == post_id, posts.c.message_id.is_(None), posts.c.question_id != NO_QUESTION)
            .values(failure=None)
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    # --- schedules paused by a refusal -------------------------------------------------------

    async def pause_for(self, platform: str, channel_id: str, reason: str) -> bool:
        """Pause an active schedule because the platform refused its post; True if it was
        active (the caller that paused it tells the admin)."""
        stmt = (
            update(schedules)
            .where(
                schedules.c.platform == platform,
                schedules.c.channel_id == channel_id,
                schedules.c.paused.is_(False),
            )
            .values(paused=True, paused_reason=reason)
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount > 0

    # --- notes for admins --------------------------------------------------------------------

    async def add_note(
        self, platform: str, community_id: str, user_id: str, text: str, now: datetime
    ) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                admin_notes.insert().values(
                    platform=platform, community_id=community_id, user_id=user_id, text=text, created_at=now
                )
            )

    async def take_notes(self, platform: str, community_id: str, user_id: str) -> list[str]:
        """The member's notes, oldest first, removed as they are read (each is shown once)."""
        mine = (
            admin_notes.c.platform == platform,
            admin_notes.c.community_id == community_id,
            admin_notes.c.user_id == user_id,
        )
        any_note = select(admin_notes.c.id).where(*mine).limit(1)
        if await self.transactions.read(lambda conn: conn.execute(any_note).first()) is None:
            return []  # a read first: most commands find none
        stmt = delete(admin_notes).where(*mine).returning(admin_notes.c.id, admin_notes.c.text)
        async with self.engine.begin() as conn:
            rows = (await conn.execute(stmt)).all()
        return [row.text for row in sorted(rows, key=lambda row: row.id)]
