"""Reads of an answer a member already gave, to show them its feedback again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.models import Member
from bot.storage.tables import attempts, members
from bot.storage.transactions import Transactions


@dataclass(frozen=True)
class EarlierAttempt:
    member_id: int
    response: str
    verdict: str
    points: int
    scored: bool
    streak: int


async def earlier_attempt(
    transactions: Transactions, member: Member, question_id: str, post_id: int | None
) -> EarlierAttempt | None:
    """The member's answer to the daily post `post_id`, or (without a post) their latest
    practice answer to the question."""
    same_post = attempts.c.post_id == post_id if post_id is not None else attempts.c.post_id.is_(None)
    query = (
        select(
            attempts.c.member_id,
            attempts.c.response,
            attempts.c.verdict,
            attempts.c.points,
            attempts.c.scored,
            members.c.streak,
        )
        .join(members, members.c.id == attempts.c.member_id)
        .where(
            members.c.community == member.community.key,
            members.c.user_id == member.user_id,
            attempts.c.question_id == question_id,
            same_post,
        )
        .order_by(attempts.c.answered_at.desc(), attempts.c.id.desc())
        .limit(1)
    )
    row = await transactions.read(lambda conn: conn.execute(query).first())
    if row is None:
        return None
    return EarlierAttempt(row.member_id, row.response, row.verdict, row.points, row.scored, row.streak)
