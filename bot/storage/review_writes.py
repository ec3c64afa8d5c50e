"""Rating a member's FSRS card inside a write transaction (see transactions.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Float, Integer, bindparam, text

from bot.spaced_repetition import CardState, LoggedReview
from bot.storage import hot_sql
from bot.storage.types import aware_utc, naive_utc

# Given the card as stored (None for a question never rated), returns it rated and the log entry.
Reschedule = Callable[[CardState | None], tuple[CardState, LoggedReview]]

_CARD = text("""
SELECT state, step, stability, difficulty, due, last_review FROM review_cards
WHERE member_id = :member_id AND question_id = :question_id
""")
_SAVE_CARD = text("""
INSERT INTO review_cards (member_id, question_id, state, step, stability, difficulty, due,
                          last_review)
VALUES (:member_id, :question_id, :state, :step, :stability, :difficulty, :due, :last_review)
ON CONFLICT (member_id, question_id) DO UPDATE SET
    state = excluded.state, step = excluded.step, stability = excluded.stability,
    difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review
""").bindparams(
    bindparam("due", type_=DateTime),
    bindparam("last_review", type_=DateTime),
    bindparam("step", type_=Integer),
    bindparam("stability", type_=Float),
    bindparam("difficulty", type_=Float),
)
_LOG = text("""
INSERT INTO review_logs (member_id, question_id, rating, source, reviewed_at, duration_ms)
VALUES (:member_id, :question_id, :rating, :source, :reviewed_at, :duration_ms)
""").bindparams(
    bindparam("reviewed_at", type_=DateTime),
    bindparam("rating", type_=Integer),
    bindparam("duration_ms", type_=Integer),
)


def moment(value: Any) -> datetime | None:
    """A stored time read by a hand-written statement, as aware UTC: SQLite's stdlib driver
    returns stored times as text, other drivers as naive datetimes."""
    if value is None:
        return None
    return aware_utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


def as_stored(value: datetime | None) -> datetime | None:
    """A time as the hand-written statements store it (the tables' UtcDateTime does this for
    every other statement)."""
    return None if value is None else naive_utc(value)


def rate_card(conn: Connection, member_id: int, question_id: str, reschedule: Reschedule) -> CardState:
    """Apply one review to the member's card and log it.

    Callers have already upserted the member's row in this transaction; on PostgreSQL that row
    lock keeps two answers of one member from rating the same card from the same old state.
    """
    key = {"member_id": member_id, "question_id": question_id}
    row = hot_sql.execute(conn, _CARD, key).first()
    stored = None
    if row is not None:
        due = moment(row.due)
        assert due is not None
        stored = CardState(
            int(row.state), row.step, row.stability, row.difficulty, due, moment(row.last_review)
        )
    card, logged = reschedule(stored)
    hot_sql.execute(
        conn,
        _SAVE_CARD,
        key
        | {
            "state": card.state,
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": as_stored(card.due),
            "last_review": as_stored(card.last_review),
        },
    )
    hot_sql.execute(
        conn,
        _LOG,
        key
        | {
            "rating": logged.rating,
            "source": logged.source,
            "reviewed_at": as_stored(logged.reviewed_at),
            "duration_ms": logged.duration_ms,
        },
    )
    return card
