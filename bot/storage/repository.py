"""SQL persistence for members, attempts, pending questions and leaderboard totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Community, Member
from bot.storage import member_reads as reads
from bot.storage import writes
from bot.storage.earlier_attempts import EarlierAttempt, earlier_attempt
from bot.storage.member_reads import BoardEntry, BoardView, MemberRecord, Progress, TopicTally
from bot.storage.tables import members, pending, platform_state
from bot.storage.transactions import Transactions


@dataclass(frozen=True)
class Pending:
    question_id: str
    post_id: int | None
    asked_at: datetime | None = None
    purpose: str = "practice"


# Read on every command and answer: built once, so each call pays only for execution.
PENDING_OF = (
    select(pending.c.question_id, pending.c.post_id, pending.c.asked_at, pending.c.purpose)
    .join(members, members.c.id == pending.c.member_id)
    .where(members.c.community == bindparam("community"), members.c.user_id == bindparam("user_id"))
)


class Store:
    """All reads and writes of the practice data. One short transaction per use case."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.transactions = Transactions.for_engine(engine)
        self._insert: Any = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    async def dispose(self) -> None:
        await self.transactions.dispose()

    async def member_id(self, member: Member) -> int:
        row = await self.transactions.run(lambda conn: writes.upsert_member(conn, member))
        return int(row.id)

    async def find_member(
        self, platform: str, community_id: str, who: str, *, by_name: bool = True
    ) -> MemberRecord | None:
        """A member of the community by user id or (case-insensitive) display name."""
        community = Community(platform, community_id).key
        return await self.transactions.read(lambda conn: reads.member_record(conn, community, who, by_name))

    async def set_pending(
        self, member: Member, question_id: str, post_id: int | None, now: datetime, purpose: str = "practice"
    ) -> Pending | None:
        replaced = await self.transactions.run(
            lambda conn: writes.set_pending(conn, member, question_id, post_id, now, purpose)
        )
        return Pending(*replaced) if replaced else None

    async def get_pending(self, member: Member) -> Pending | None:
        params = {"community": member.community.key, "user_id": member.user_id}
        row = await self.transactions.read(lambda conn: conn.execute(PENDING_OF, params).first())
        return Pending(row.question_id, row.post_id, row.asked_at, row.purpose) if row else None

    async def record_attempt(
        self, answer: writes.Answer, points_rule: writes.PointsRule
    ) -> writes.RecordedAttempt:
        return await self.transactions.run(lambda conn: writes.record_attempt(conn, answer, points_rule))

    async def top(self, community: str, scope: str, limit: int = 10) -> list[BoardEntry]:
        return await self.transactions.read(lambda conn: reads.top(conn, community, scope, limit))

    async def board(self, member: Member, scope: str, limit: int = 10) -> BoardView:
        """The board's top `limit` and the member's own standing on it, in one read."""
        community = member.community.key
        return await self.transactions.read(
            lambda conn: reads.board_view(conn, community, member.user_id, scope, limit)
        )

    async def tally_by_topic(self, member_id: int) -> list[TopicTally]:
        return await self.transactions.read(lambda conn: reads.tally_by_topic(conn, member_id))

    async def progress(
        self, platform: str, community_id: str, who: str, *, by_name: bool = True
    ) -> Progress | None:
        """A member (found as by `find_member`) with their tallies and points, in one read."""
        community = Community(platform, community_id).key
        return await self.transactions.read(lambda conn: reads.progress(conn, community, who, by_name))

    async def earlier_attempt(
        self, member: Member, question_id: str, post_id: int | None
    ) -> EarlierAttempt | None:
        return await earlier_attempt(self.transactions, member, question_id, post_id)

    async def points(self, member_id: int, scope: str = "all") -> int:
        return await self.transactions.read(lambda conn: reads.points(conn, member_id, scope))

    async def get_state(self, key: str) -> str | None:
        query = select(platform_state.c.value).where(platform_state.c.key == key)
        value = await self.transactions.read(lambda conn: conn.scalar(query))
        return None if value is None else str(value)

    async def set_state(self, key: str, value: str) -> None:
        stmt = self._insert(platform_state).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        async with self.engine.begin() as conn:
            await conn.execute(stmt)
