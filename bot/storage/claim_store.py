"""Claims of daily posts and weekly board posts, exactly once.

A post is claimed by inserting its (platform, channel, local date) row with ON CONFLICT DO
NOTHING RETURNING before anything is sent. The claim carries a lease; a row whose message never
went out (no `message_id`) is taken over by whoever finds its lease expired, so it is finished
once instead of being lost or posted twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import bindparam, null, or_, select, update

from bot.storage.daily_rows import BoardState, Takeover
from bot.storage.delivery_store import DeliveryStore
from bot.storage.tables import posts, weekly_boards

ClaimKind = Literal["post", "board"]
POST: ClaimKind = "post"
BOARD: ClaimKind = "board"
CLAIM_TABLES = {POST: posts, BOARD: weekly_boards}
# A claim's message id stored, its lease ended (built once per kind).
FINISH = {
    kind: update(table)
    .where(table.c.id == bindparam("row_id"), table.c.message_id.is_(None))
    .values(message_id=bindparam("sent_id"), lease_owner=None, lease_until=None)
    for kind, table in CLAIM_TABLES.items()
}


class ClaimStore(DeliveryStore):
    async def claim_board(
        self, *, platform: str, channel_id: str, week_start: date, now: datetime, owner: str, lease: timedelta
    ) -> int | None:
        stmt = (
            self._insert(weekly_boards)
            .values(
                platform=platform,
                channel_id=channel_id,
                week_start=week_start,
                created_at=now,
                lease_owner=owner,
                lease_until=now + lease,
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
        row = await self.transactions.read(lambda conn: conn.execute(query).first())
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
                or_(table.c.lease_until.is_(None), table.c.lease_until < now),
                *([table.c.failure.is_(None)] if kind == POST else []),
            )
            .values(lease_owner=owner, lease_until=now + lease)
            .returning(sent.label("send_started_at"))
        )
        async with self.engine.begin() as conn:
            taken = (await conn.execute(stmt)).first()
        return None if taken is None else Takeover(taken.send_started_at)

    async def finish(self, kind: ClaimKind, row_id: int, message_id: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(FINISH[kind], {"row_id": row_id, "sent_id": message_id})

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
