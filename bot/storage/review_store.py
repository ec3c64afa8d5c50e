"""Reads of members' review cards, skips, and how well each question went for a member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, case, delete, func, select

from bot.models import Member
from bot.spaced_repetition import postpone
from bot.storage import writes
from bot.storage.repository import PENDING_OF, Pending, Store
from bot.storage.review_writes import rate_card
from bot.storage.tables import attempts, members, pending, review_cards

SCORES = {"correct": 1.0, "partial": 0.5}


@dataclass(frozen=True)
class DueReviews:
    """A member's reviews at one moment: how many are due, the first few, and the next to come."""

    count: int
    question_ids: tuple[str, ...]
    next_due: datetime | None


def _skip(conn: Connection, member: Member, question_id: str, now: datetime) -> bool:
    member_id = writes.upsert_member(conn, member).id
    taken = conn.execute(
        delete(pending)
        .where(pending.c.member_id == member_id, pending.c.question_id == question_id)
        .returning(pending.c.member_id)
    ).first()
    if taken is None:
        return False
    rate_card(conn, member_id, question_id, lambda card: postpone(card, now))
    return True


def _due(conn: Connection, member_id: int, now: datetime, first: int) -> DueReviews:
    mine = review_cards.c.member_id == member_id
    count = conn.scalar(select(func.count()).select_from(review_cards).where(mine, review_cards.c.due <= now))
    ids = conn.execute(
        select(review_cards.c.question_id)
        .where(mine, review_cards.c.due <= now)
        .order_by(review_cards.c.due)
        .limit(first)
    ).scalars()
    next_due = conn.scalar(select(func.min(review_cards.c.due)).where(mine, review_cards.c.due > now))
    return DueReviews(int(count or 0), tuple(ids), next_due)


def _answer_times(conn: Connection, member_id: int, since: datetime) -> list[datetime]:
    query = select(attempts.c.answered_at).where(
        attempts.c.member_id == member_id, attempts.c.answered_at >= since
    )
    return list(conn.execute(query).scalars())


# Read for every quiz: built once, so each call pays only for execution.
_SCORES_OF = (
    select(
        attempts.c.question_id,
        func.avg(case(*((attempts.c.verdict == v, s) for v, s in SCORES.items()), else_=0.0)).label("score"),
    )
    .join(members, members.c.id == attempts.c.member_id)
    .where(members.c.community == bindparam("community"), members.c.user_id == bindparam("user_id"))
    .group_by(attempts.c.question_id)
)


def _scores(conn: Connection, params: dict[str, str]) -> dict[str, float]:
    return {row.question_id: float(row.score) for row in conn.execute(_SCORES_OF, params)}


class ReviewStore:
    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        self.transactions = store.transactions

    async def skip(self, member: Member, question_id: str, now: datetime) -> bool:
        """Close the member's open question unanswered and bring its card due soon; False when
        that question was no longer open."""
        return await self.transactions.run(lambda conn: _skip(conn, member, question_id, now))

    async def due(self, member_id: int, now: datetime, first: int = 5) -> DueReviews:
        """Due cards soonest first (at most `first` of them), their count, and the next due time."""
        return await self.transactions.read(lambda conn: _due(conn, member_id, now, first))

    async def due_and_answer_times(
        self, member_id: int, now: datetime, since: datetime
    ) -> tuple[DueReviews, list[datetime]]:
        """`due` (the count only) and `answer_times`, in one read."""
        return await self.transactions.read(
            lambda conn: (_due(conn, member_id, now, 0), _answer_times(conn, member_id, since))
        )

    async def drop(self, member_id: int, question_id: str) -> None:
        """Forget a card whose question left the bank."""
        async with self.engine.begin() as conn:
            await conn.execute(
                delete(review_cards).where(
                    review_cards.c.member_id == member_id, review_cards.c.question_id == question_id
                )
            )

    async def question_scores(self, member: Member) -> dict[str, float]:
        """Each question the member answered, with the mean of its grades (1 correct, 0.5 partial)."""
        params = {"community": member.community.key, "user_id": member.user_id}
        return await self.transactions.read(lambda conn: _scores(conn, params))

    async def scores_and_open_question(self, member: Member) -> tuple[dict[str, float], Pending | None]:
        params = {"community": member.community.key, "user_id": member.user_id}

        def read(conn: Connection) -> tuple[dict[str, float], Pending | None]:
            row = conn.execute(PENDING_OF, params).first()
            opened = Pending(row.question_id, row.post_id, row.asked_at, row.purpose) if row else None
            return _scores(conn, params), opened

        return await self.transactions.read(read)
