"""SQL persistence for members, attempts, pending questions and leaderboard totals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.errors import AlreadyAnswered
from bot.models import Member
from bot.storage.tables import attempts, members, pending, platform_state, totals


def community_key(platform: str, community_id: str) -> str:
    return f"{platform}:{community_id}"


@dataclass(frozen=True)
class Pending:
    question_id: str
    post_id: int | None


@dataclass(frozen=True)
class RecordedAttempt:
    points: int
    repeat: bool
    total_points: int
    streak: int


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


# Called with (first_attempt, streak) inside the transaction; returns the points earned.
PointsRule = Callable[[bool, int], int]


class Store:
    """All reads and writes of the practice data. One short transaction per use case."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._insert: Any = (
            postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        )

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def _upsert_member(self, conn: AsyncConnection, member: Member, today: date | None) -> Any:
        values = {"community": community_key(member.platform, member.community_id),
                  "user_id": member.user_id, "display_name": member.display_name}
        stmt = self._insert(members).values(**values, streak=0 if today is None else 1,
                                            best_streak=0 if today is None else 1,
                                            last_active=today)
        updates: dict[str, Any] = {"display_name": stmt.excluded.display_name}
        if today is not None:
            yesterday = today - timedelta(days=1)
            new_streak = case(
                (members.c.last_active == today, members.c.streak),
                (members.c.last_active == yesterday, members.c.streak + 1),
                else_=1,
            )
            updates |= {"streak": new_streak, "last_active": today,
                        "best_streak": case((new_streak > members.c.best_streak, new_streak),
                                            else_=members.c.best_streak)}
        stmt = stmt.on_conflict_do_update(index_elements=["community", "user_id"], set_=updates)
        result = await conn.execute(stmt.returning(members.c.id, members.c.streak))
        return result.one()

    async def member_id(self, member: Member) -> int:
        async with self.engine.begin() as conn:
            row = await self._upsert_member(conn, member, None)
        return int(row.id)

    async def find_member(self, platform: str, community_id: str, who: str) -> MemberRecord | None:
        """A member of the community by user id or (case-insensitive) display name."""
        community = community_key(platform, community_id)
        query = select(members).where(members.c.community == community).where(
            (members.c.user_id == who) | (func.lower(members.c.display_name) == who.lower())
        ).order_by(members.c.id).limit(1)
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        return MemberRecord(row.id, row.display_name or row.user_id, row.streak,
                            row.best_streak, row.last_active)

    async def seen_questions(self, member: Member) -> set[str]:
        query = select(attempts.c.question_id).distinct().join(
            members, members.c.id == attempts.c.member_id
        ).where(members.c.community == community_key(member.platform, member.community_id),
                members.c.user_id == member.user_id)
        async with self.engine.connect() as conn:
            return set((await conn.execute(query)).scalars())

    async def set_pending(self, member: Member, question_id: str, post_id: int | None,
                          now: datetime) -> None:
        async with self.engine.begin() as conn:
            member_row = await self._upsert_member(conn, member, None)
            stmt = self._insert(pending).values(member_id=member_row.id, question_id=question_id,
                                                post_id=post_id, asked_at=now)
            stmt = stmt.on_conflict_do_update(
                index_elements=["member_id"],
                set_={"question_id": question_id, "post_id": post_id, "asked_at": now})
            await conn.execute(stmt)

    async def get_pending(self, member: Member) -> Pending | None:
        query = select(pending.c.question_id, pending.c.post_id).join(
            members, members.c.id == pending.c.member_id
        ).where(members.c.community == community_key(member.platform, member.community_id),
                members.c.user_id == member.user_id)
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return Pending(row.question_id, row.post_id) if row else None

    async def record_attempt(
        self, member: Member, *, question_id: str, topic: str, post_id: int | None,
        response: str, verdict: str, correct: bool, points_rule: PointsRule,
        now: datetime, today: date, scopes: Sequence[str],
    ) -> RecordedAttempt:
        """Store one answer; points only for the member's first attempt at the question.

        Raises AlreadyAnswered (and stores nothing) when the member already answered `post_id`.
        """
        community = community_key(member.platform, member.community_id)
        async with self.engine.begin() as conn:
            member_row = await self._upsert_member(conn, member, today)
            row = {"member_id": member_row.id, "community": community, "post_id": post_id,
                   "question_id": question_id, "topic": topic, "response": response,
                   "verdict": verdict, "answered_at": now}
            points = points_rule(True, member_row.streak)
            inserted = await conn.execute(
                self._insert(attempts).values(**row, points=points, scored=True)
                .on_conflict_do_nothing().returning(attempts.c.id)
            )
            repeat = inserted.first() is None
            if repeat:
                if post_id is not None and await self._answered_post(conn, member_row.id, post_id):
                    raise AlreadyAnswered("You already answered this question.")
                points = 0
                await conn.execute(attempts.insert().values(**row, points=0, scored=False))
            total = await self._add_to_totals(conn, member_row.id, community, scopes,
                                              points if not repeat else 0, correct and not repeat)
            await conn.execute(delete(pending).where(and_(
                pending.c.member_id == member_row.id, pending.c.question_id == question_id)))
        return RecordedAttempt(points, repeat, total, member_row.streak)

    async def _answered_post(self, conn: AsyncConnection, member_id: int, post_id: int) -> bool:
        query = select(attempts.c.id).where(attempts.c.member_id == member_id,
                                            attempts.c.post_id == post_id)
        return (await conn.execute(query)).first() is not None

    async def _add_to_totals(self, conn: AsyncConnection, member_id: int, community: str,
                             scopes: Sequence[str], points: int, correct: bool) -> int:
        rows = [{"member_id": member_id, "scope": scope, "community": community,
                 "points": points, "correct": int(correct)} for scope in scopes]
        stmt = self._insert(totals).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=["member_id", "scope"],
            set_={"points": totals.c.points + stmt.excluded.points,
                  "correct": totals.c.correct + stmt.excluded.correct})
        result = await conn.execute(stmt.returning(totals.c.scope, totals.c.points))
        by_scope = {r.scope: r.points for r in result}
        return int(by_scope.get("all", 0))

    async def top(self, community: str, scope: str, limit: int = 10) -> list[BoardEntry]:
        query = (
            select(totals.c.member_id, totals.c.points, totals.c.correct,
                   members.c.display_name, members.c.user_id)
            .join(members, members.c.id == totals.c.member_id)
            .where(totals.c.community == community, totals.c.scope == scope, totals.c.points > 0)
            .order_by(totals.c.points.desc(), totals.c.member_id).limit(limit)
        )
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [BoardEntry(r.member_id, r.display_name or r.user_id, r.points, r.correct)
                for r in rows]

    async def standing(self, community: str, scope: str, member_id: int) -> tuple[int, int, int]:
        """(rank, points, correct) of a member; rank 0 when the member has no points."""
        async with self.engine.connect() as conn:
            mine = (await conn.execute(select(totals.c.points, totals.c.correct).where(
                totals.c.member_id == member_id, totals.c.scope == scope))).first()
            if mine is None or mine.points <= 0:
                return 0, 0, 0 if mine is None else mine.correct
            ahead = await conn.scalar(select(func.count()).select_from(totals).where(
                totals.c.community == community, totals.c.scope == scope,
                totals.c.points > mine.points))
        return int(ahead or 0) + 1, mine.points, mine.correct

    async def topic_board(self, community: str, topic: str, since: datetime | None,
                          limit: int = 10) -> list[BoardEntry]:
        """Every member's points in one topic, highest first (aggregated from attempts)."""
        earned = func.sum(attempts.c.points).label("points")
        correct = func.sum(case((attempts.c.verdict == "correct", 1), else_=0)).label("correct")
        query = (
            select(attempts.c.member_id, earned, correct, members.c.display_name,
                   members.c.user_id)
            .join(members, members.c.id == attempts.c.member_id)
            .where(attempts.c.community == community, attempts.c.topic == topic,
                   attempts.c.scored)
            .group_by(attempts.c.member_id, members.c.display_name, members.c.user_id)
            .having(func.sum(attempts.c.points) > 0)
            .order_by(earned.desc(), attempts.c.member_id)
        )
        if since is not None:
            query = query.where(attempts.c.answered_at >= since)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [BoardEntry(r.member_id, r.display_name or r.user_id, int(r.points),
                           int(r.correct)) for r in rows]

    async def tally_by_topic(self, member_id: int) -> list[TopicTally]:
        correct = func.sum(case((attempts.c.verdict == "correct", 1), else_=0))
        query = (select(attempts.c.topic, func.count().label("answered"), correct.label("correct"))
                 .where(attempts.c.member_id == member_id).group_by(attempts.c.topic)
                 .order_by(attempts.c.topic))
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [TopicTally(r.topic, int(r.answered), int(r.correct or 0)) for r in rows]

    async def points(self, member_id: int, scope: str = "all") -> int:
        async with self.engine.connect() as conn:
            value = await conn.scalar(select(totals.c.points).where(
                totals.c.member_id == member_id, totals.c.scope == scope))
        return int(value or 0)

    async def get_state(self, key: str) -> str | None:
        async with self.engine.connect() as conn:
            value = await conn.scalar(select(platform_state.c.value).where(platform_state.c.key == key))
        return None if value is None else str(value)

    async def set_state(self, key: str, value: str) -> None:
        stmt = self._insert(platform_state).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        async with self.engine.begin() as conn:
            await conn.execute(stmt)
