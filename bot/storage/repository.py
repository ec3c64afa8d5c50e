"""SQL persistence for members, attempts, pending questions and leaderboard totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Community, Member
from bot.storage import writes
from bot.storage.earlier_attempts import EarlierAttempt, earlier_attempt
from bot.storage.privacy_store import on_public_boards
from bot.storage.tables import attempts, members, pending, platform_state, totals
from bot.storage.transactions import Transactions


@dataclass(frozen=True)
class Pending:
    question_id: str
    post_id: int | None
    asked_at: datetime | None = None
    purpose: str = "practice"


@dataclass(frozen=True)
class BoardEntry:
    member_id: int
    name: str
    points: int
    correct: int


@dataclass(frozen=True)
class MemberRecord:
    id: int
    name: str
    streak: int
    best_streak: int
    last_active: date | None


@dataclass(frozen=True)
class TopicTally:
    topic: str
    answered: int
    correct: int


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
        matches_who = members.c.user_id == who
        if by_name:
            matches_who = matches_who | (func.lower(members.c.display_name) == who.lower())
        query = (
            select(members)
            .where(members.c.community == community, matches_who)
            .order_by(members.c.user_id != who, members.c.id)
            .limit(1)
        )
        row = await self.transactions.read(lambda conn: conn.execute(query).first())
        if row is None:
            return None
        return MemberRecord(
            row.id, row.display_name or row.user_id, row.streak, row.best_streak, row.last_active
        )

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
        """The board's leaders, without the members who chose (or by the community's default
        are) not to appear on public boards."""
        leaders = select(
            totals.c.member_id, totals.c.points, totals.c.correct, members.c.display_name, members.c.user_id
        ).join(members, members.c.id == totals.c.member_id)
        leaders, shown = on_public_boards(leaders, totals.c.member_id, totals.c.community)
        query = (
            leaders.where(
                totals.c.community == community, totals.c.scope == scope, totals.c.points > 0, shown
            )
            .order_by(totals.c.points.desc(), totals.c.member_id)
            .limit(limit)
        )
        rows = await self.transactions.read(lambda conn: conn.execute(query).all())
        return [BoardEntry(r.member_id, r.display_name or r.user_id, r.points, r.correct) for r in rows]

    async def standing(self, community: str, scope: str, member_id: int) -> tuple[int, int, int]:
        """(rank, points, correct) of a member; rank 0 when the member has no points."""

        def rank(conn: Connection) -> tuple[int, int, int]:
            mine = conn.execute(
                select(totals.c.points, totals.c.correct).where(
                    totals.c.member_id == member_id, totals.c.scope == scope
                )
            ).first()
            if mine is None or mine.points <= 0:
                return 0, 0, 0 if mine is None else mine.correct
            ahead = conn.scalar(
                select(func.count())
                .select_from(totals)
                .where(
                    totals.c.community == community, totals.c.scope == scope, totals.c.points > mine.points
                )
            )
            return int(ahead or 0) + 1, mine.points, mine.correct

        return await self.transactions.read(rank)

    async def tally_by_topic(self, member_id: int) -> list[TopicTally]:
        correct = func.sum(case((attempts.c.verdict == "correct", 1), else_=0))
        query = (
            select(attempts.c.topic, func.count().label("answered"), correct.label("correct"))
            .where(attempts.c.member_id == member_id)
            .group_by(attempts.c.topic)
            .order_by(attempts.c.topic)
        )
        rows = await self.transactions.read(lambda conn: conn.execute(query).all())
        return [TopicTally(r.topic, int(r.answered), int(r.correct or 0)) for r in rows]

    async def earlier_attempt(
        self, member: Member, question_id: str, post_id: int | None
    ) -> EarlierAttempt | None:
        return await earlier_attempt(self.transactions, member, question_id, post_id)

    async def points(self, member_id: int, scope: str = "all") -> int:
        query = select(totals.c.points).where(totals.c.member_id == member_id, totals.c.scope == scope)
        value = await self.transactions.read(lambda conn: conn.scalar(query))
        return int(value or 0)

    async def get_state(self, key: str) -> str | None:
        query = select(platform_state.c.value).where(platform_state.c.key == key)
        value = await self.transactions.read(lambda conn: conn.scalar(query))
        return None if value is None else str(value)

    async def set_state(self, key: str, value: str) -> None:
        stmt = self._insert(platform_state).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        async with self.engine.begin() as conn:
            await conn.execute(stmt)
