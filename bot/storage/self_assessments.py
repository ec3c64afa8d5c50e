"""Reads and writes of members' self-assessments of their open answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.storage.repository import Store
from bot.storage.tables import attempts, members, self_assessments


@dataclass(frozen=True)
class GradedAttempt:
    id: int
    question_id: str
    response: str


class SelfAssessmentStore:
    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        self.transactions = store.transactions

    async def latest_attempt(
        self, community: str, user_id: str, question_ids: Collection[str]
    ) -> GradedAttempt | None:
        """The member's most recent answer to any of `question_ids`."""
        query = (
            select(attempts.c.id, attempts.c.question_id, attempts.c.response)
            .join(members, members.c.id == attempts.c.member_id)
            .where(
                members.c.community == community,
                members.c.user_id == user_id,
                attempts.c.question_id.in_(list(question_ids)),
            )
            .order_by(attempts.c.answered_at.desc(), attempts.c.id.desc())
            .limit(1)
        )
        row = await self.transactions.read(lambda conn: conn.execute(query).first())
        return None if row is None else GradedAttempt(row.id, row.question_id, row.response)

    async def record(self, attempt_id: int, point_number: int, now: datetime) -> bool:
        """Store one claim; False when the member had already claimed that point."""
        try:
            async with self.engine.begin() as conn:
                await conn.execute(
                    self_assessments.insert().values(
                        attempt_id=attempt_id, point_number=point_number, claimed_at=now
                    )
                )
        except IntegrityError:
            return False
        return True

    async def claimed(self, attempt_id: int) -> set[int]:
        query = select(self_assessments.c.point_number).where(self_assessments.c.attempt_id == attempt_id)
        return await self.transactions.read(lambda conn: set(conn.scalars(query).all()))

    async def claims_per_point(self, community: str, question_id: str) -> Counter[int]:
        """How many members claimed each point of a question in a community."""
        query = (
            select(self_assessments.c.point_number, func.count())
            .join(attempts, attempts.c.id == self_assessments.c.attempt_id)
            .where(attempts.c.community == community, attempts.c.question_id == question_id)
            .group_by(self_assessments.c.point_number)
        )
        return await self.transactions.read(
            lambda conn: Counter({int(n): int(c) for n, c in conn.execute(query).all()})
        )

    async def verdicts(self, community: str, question_id: str) -> Counter[str]:
        """How the community's first attempts at a question were graded."""
        query = (
            select(attempts.c.verdict, func.count())
            .where(
                attempts.c.community == community, attempts.c.question_id == question_id, attempts.c.scored
            )
            .group_by(attempts.c.verdict)
        )
        return await self.transactions.read(
            lambda conn: Counter({str(v): int(c) for v, c in conn.execute(query).all()})
        )
