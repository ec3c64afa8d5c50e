"""Reads and writes of mock interviews: sessions, their planned questions and how each went."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot.storage.repository import Store
from bot.storage.tables import attempts, mock_items, mock_sessions, pending

RUNNING = "running"


@dataclass(frozen=True)
class MockSession:
    id: int
    member_id: int
    round: str
    minutes: int
    started_at: datetime
    deadline: datetime
    status: str
    score: float | None


@dataclass(frozen=True)
class MockItem:
    position: int
    question_id: str
    served_at: datetime | None
    answered_at: datetime | None
    verdict: str | None
    made: tuple[str, ...]
    missed: tuple[str, ...]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.split("\n") if line)


def _session(row: Any) -> MockSession:
    return MockSession(
        row.id, row.member_id, row.round, row.minutes, row.started_at, row.deadline, row.status, row.score
    )


class MockStore:
    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        self.transactions = store.transactions

    async def running(self, member_id: int) -> MockSession | None:
        query = select(mock_sessions).where(
            mock_sessions.c.member_id == member_id, mock_sessions.c.status == RUNNING
        )
        row = await self.transactions.read(lambda conn: conn.execute(query).first())
        return _session(row) if row else None

    async def start(
        self,
        member_id: int,
        round_name: str,
        minutes: int,
        now: datetime,
        deadline: datetime,
        question_ids: Sequence[str],
    ) -> MockSession | None:
        """A new running session with its planned questions; None when one is already running."""
        try:
            async with self.engine.begin() as conn:
                session_id = (
                    await conn.execute(
                        mock_sessions.insert()
                        .values(
                            member_id=member_id,
                            round=round_name,
                            minutes=minutes,
                            started_at=now,
                            deadline=deadline,
                            status=RUNNING,
                        )
                        .returning(mock_sessions.c.id)
                    )
                ).scalar_one()
                await conn.execute(
                    mock_items.insert(),
                    [
                        {"session_id": session_id, "position": position, "question_id": question_id}
                        for position, question_id in enumerate(question_ids)
                    ],
                )
        except IntegrityError:
            return None
        return MockSession(session_id, member_id, round_name, minutes, now, deadline, RUNNING, None)

    async def items(self, session_id: int) -> list[MockItem]:
        query = (
            select(mock_items).where(mock_items.c.session_id == session_id).order_by(mock_items.c.position)
        )
        rows = await self.transactions.read(lambda conn: conn.execute(query).all())
        return [
            MockItem(
                r.position,
                r.question_id,
                r.served_at,
                r.answered_at,
                r.verdict,
                _lines(r.made),
                _lines(r.missed),
            )
            for r in rows
        ]

    async def serve(self, session_id: int, position: int, now: datetime) -> None:
        """Note when a question was first shown (showing it again keeps the first time)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(mock_items)
                .where(
                    mock_items.c.session_id == session_id,
                    mock_items.c.position == position,
                    mock_items.c.served_at.is_(None),
                )
                .values(served_at=now)
            )

    async def record(
        self,
        session_id: int,
        position: int,
        verdict: str,
        made: Sequence[str],
        missed: Sequence[str],
        now: datetime,
    ) -> bool:
        """How a question went; False when it already had a result."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(mock_items)
                .where(
                    mock_items.c.session_id == session_id,
                    mock_items.c.position == position,
                    mock_items.c.answered_at.is_(None),
                )
                .values(answered_at=now, verdict=verdict, made="\n".join(made), missed="\n".join(missed))
            )
        return bool(result.rowcount)

    async def finish(self, session_id: int, status: str, now: datetime, score: float | None) -> bool:
        """End a running session; False when it had already ended."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(mock_sessions)
                .where(mock_sessions.c.id == session_id, mock_sessions.c.status == RUNNING)
                .values(status=status, finished_at=now, score=score)
            )
        return bool(result.rowcount)

    async def previous(self, member_id: int, round_name: str, before: int) -> MockSession | None:
        """The member's latest finished mock of the round before session `before`."""
        query = (
            select(mock_sessions)
            .where(
                mock_sessions.c.member_id == member_id,
                mock_sessions.c.round == round_name,
                mock_sessions.c.id < before,
                mock_sessions.c.score.is_not(None),
            )
            .order_by(mock_sessions.c.id.desc())
            .limit(1)
        )
        row = await self.transactions.read(lambda conn: conn.execute(query).first())
        return _session(row) if row else None

    async def close_open_question(self, member_id: int, purpose: str, question_id: str | None) -> None:
        """Drop the member's open question of `purpose` (`question_id` only, when given)."""
        query = pending.delete().where(pending.c.member_id == member_id, pending.c.purpose == purpose)
        if question_id is not None:
            query = query.where(pending.c.question_id == question_id)
        async with self.engine.begin() as conn:
            await conn.execute(query)

    async def last_answered(self, member_id: int) -> dict[str, datetime]:
        """When the member last answered each question they answered."""
        query = (
            select(attempts.c.question_id, func.max(attempts.c.answered_at))
            .where(attempts.c.member_id == member_id)
            .group_by(attempts.c.question_id)
        )
        return await self.transactions.read(
            lambda conn: {str(q): when for q, when in conn.execute(query).all()}
        )
