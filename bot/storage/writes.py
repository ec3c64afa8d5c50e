"""Write transactions, as plain functions of a synchronous connection (see transactions.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Integer, String, bindparam, select, text

from bot.errors import AlreadyAnswered
from bot.models import Member
from bot.storage.review_writes import Reschedule, rate_card
from bot.storage.tables import attempts
from bot.storage.types import UtcDateTime


@dataclass(frozen=True)
class Opened:
    """When and why the question an answer takes was opened for the member."""

    asked_at: datetime | None
    purpose: str


# Called with (first_attempt, streak, opened) inside the transaction; returns the points earned.
PointsRule = Callable[[bool, int, Opened | None], int]

# One cached statement for the three scopes an answer counts towards.
_ADD_TO_TOTALS = text("""
INSERT INTO totals (member_id, scope, community, points, correct)
VALUES (:member, :scope_all, :community, :points, :correct),
       (:member, :scope_week, :community, :points, :correct),
       (:member, :scope_month, :community, :points, :correct),
       (:member, :topic_all, :community, :points, :correct),
       (:member, :topic_week, :community, :points, :correct),
       (:member, :topic_month, :community, :points, :correct)
ON CONFLICT (member_id, scope) DO UPDATE
SET points = totals.points + excluded.points, correct = totals.correct + excluded.correct
RETURNING scope, points
""")


def topic_scope(scope: str, topic: str) -> str:
    """The running-total scope of one topic within a period scope ("week:2026-11-16|llm")."""
    return f"{scope}|{topic}"


@dataclass(frozen=True)
class RecordedAttempt:
    points: int
    repeat: bool
    total_points: int
    streak: int


# The per-answer statements are SQL text: built once, so each answer pays only for execution.
_NEW_STREAK = """CASE WHEN members.last_active = :today THEN members.streak
                 WHEN members.last_active = :yesterday THEN members.streak + 1 ELSE 1 END"""
_SEE_MEMBER = text("""
INSERT INTO members (community, user_id, display_name, streak, best_streak)
VALUES (:community, :user_id, :display_name, 0, 0)
ON CONFLICT (community, user_id) DO UPDATE SET display_name = excluded.display_name
RETURNING id, streak
""")
_ACTIVE_MEMBER = text(f"""
INSERT INTO members (community, user_id, display_name, streak, best_streak, last_active)
VALUES (:community, :user_id, :display_name, 1, 1, :today)
ON CONFLICT (community, user_id) DO UPDATE SET
    display_name = excluded.display_name,
    streak = {_NEW_STREAK},
    best_streak = CASE WHEN {_NEW_STREAK} > members.best_streak THEN {_NEW_STREAK}
                       ELSE members.best_streak END,
    last_active = :today
RETURNING id, streak
""").bindparams(bindparam("today", type_=Date), bindparam("yesterday", type_=Date))
_INSERT_ATTEMPT = text("""
INSERT INTO attempts (member_id, community, post_id, question_id, topic, response, verdict,
                      points, scored, answered_at)
VALUES (:member_id, :community, :post_id, :question_id, :topic, :response, :verdict,
        :points, :scored, :answered_at)
ON CONFLICT DO NOTHING
RETURNING id
""").bindparams(
    bindparam("answered_at", type_=UtcDateTime),
    bindparam("scored", type_=Boolean),
    bindparam("post_id", type_=Integer),
)
# Answering a daily post closes the member's pending copy of that post, never a practice
# question that happens to be the same question.
_CLOSE_PENDING = text("""
DELETE FROM pending WHERE member_id = :member_id AND post_id = :post_id
RETURNING post_id, asked_at, purpose
""").columns(post_id=Integer, asked_at=UtcDateTime, purpose=String)
_OPEN_QUESTION = text(
    "SELECT question_id, post_id, asked_at, purpose FROM pending WHERE member_id = :member_id"
).columns(question_id=String, post_id=Integer, asked_at=UtcDateTime, purpose=String)
_SET_OPEN_QUESTION = text("""
INSERT INTO pending (member_id, question_id, post_id, asked_at, purpose)
VALUES (:member_id, :question_id, :post_id, :asked_at, :purpose)
ON CONFLICT (member_id) DO UPDATE SET question_id = excluded.question_id, post_id = excluded.post_id,
    asked_at = excluded.asked_at, purpose = excluded.purpose
""").bindparams(bindparam("asked_at", type_=UtcDateTime), bindparam("post_id", type_=Integer))
_TAKE_PRACTICE_QUESTION = text("""
DELETE FROM pending
WHERE member_id = :member_id AND question_id = :question_id AND post_id IS NULL
RETURNING asked_at, purpose
""").columns(asked_at=UtcDateTime, purpose=String)


def upsert_member(conn: Connection, member: Member, today: date | None = None) -> Any:
    """The member's row (id, streak), created on first sight; `today` counts a day of activity."""
    params: dict[str, Any] = {
        "community": member.community.key,
        "user_id": member.user_id,
        "display_name": member.display_name,
    }
    if today is None:
        return conn.execute(_SEE_MEMBER, params).one()
    params |= {"today": today, "yesterday": today - timedelta(days=1)}
    return conn.execute(_ACTIVE_MEMBER, params).one()


def set_pending(
    conn: Connection,
    member: Member,
    question_id: str,
    post_id: int | None,
    now: datetime,
    purpose: str = "practice",
) -> Any:
    """The member's open question becomes this one; returns the row it replaced, if any."""
    member_row = upsert_member(conn, member)
    replaced = conn.execute(_OPEN_QUESTION, {"member_id": member_row.id}).first()
    conn.execute(
        _SET_OPEN_QUESTION,
        {
            "member_id": member_row.id,
            "question_id": question_id,
            "post_id": post_id,
            "asked_at": now,
            "purpose": purpose,
        },
    )
    return replaced


@dataclass(frozen=True)
class Answer:
    member: Member
    question_id: str
    topic: str
    post_id: int | None
    response: str
    verdict: str
    correct: bool
    now: datetime
    today: date
    scopes: Sequence[str]
    # Rates the member's card for the question in the same transaction, given how it was opened.
    review: Callable[[Opened | None], Reschedule] | None = None


def record_attempt(conn: Connection, answer: Answer, points_rule: PointsRule) -> RecordedAttempt:
    """Store one answer; points only for the member's first attempt at the question.

    Raises AlreadyAnswered (the transaction then stores nothing) when the member already
    answered the post, or when a practice question is no longer open for the member.
    """
    community = answer.member.community.key
    member_row = upsert_member(conn, answer.member, answer.today)
    opened = None
    if answer.post_id is None:
        # A practice question is answered once per asking: a double click, a retried request or
        # another process finds it already taken and records nothing.
        taken = conn.execute(
            _TAKE_PRACTICE_QUESTION, {"member_id": member_row.id, "question_id": answer.question_id}
        ).first()
        if taken is None:
            raise AlreadyAnswered
        opened = Opened(taken.asked_at, taken.purpose)
    row = {
        "member_id": member_row.id,
        "community": community,
        "post_id": answer.post_id,
        "question_id": answer.question_id,
        "topic": answer.topic,
        "response": answer.response,
        "verdict": answer.verdict,
        "answered_at": answer.now,
    }
    points = points_rule(True, member_row.streak, opened)
    inserted = conn.execute(_INSERT_ATTEMPT, row | {"points": points, "scored": True})
    repeat = inserted.first() is None
    if repeat:
        if answer.post_id is not None and _answered_post(conn, member_row.id, answer.post_id):
            raise AlreadyAnswered
        points = 0
        conn.execute(_INSERT_ATTEMPT, row | {"points": 0, "scored": False})
    scope_all, scope_week, scope_month = answer.scopes
    result = conn.execute(
        _ADD_TO_TOTALS,
        {
            "member": member_row.id,
            "community": community,
            "points": points,
            "correct": int(answer.correct and not repeat),
            "scope_all": scope_all,
            "scope_week": scope_week,
            "scope_month": scope_month,
            "topic_all": topic_scope(scope_all, answer.topic),
            "topic_week": topic_scope(scope_week, answer.topic),
            "topic_month": topic_scope(scope_month, answer.topic),
        },
    )
    total = next((r.points for r in result if r.scope == scope_all), 0)
    if answer.post_id is not None:
        closed = conn.execute(_CLOSE_PENDING, {"member_id": member_row.id, "post_id": answer.post_id}).first()
        if closed is not None:
            opened = Opened(closed.asked_at, closed.purpose)
    if answer.review is not None:
        rate_card(conn, member_row.id, answer.question_id, answer.review(opened))
    return RecordedAttempt(points, repeat, int(total), member_row.streak)


def _answered_post(conn: Connection, member_id: int, post_id: int) -> bool:
    query = select(attempts.c.id).where(attempts.c.member_id == member_id, attempts.c.post_id == post_id)
    return conn.execute(query).first() is not None
