"""Rating a member's FSRS card inside a write transaction (see transactions.py)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Float, Integer, bindparam, text

from bot.spaced_repetition import CardState, LoggedReview
from bot.storage.types import UtcDateTime

# Given the card as stored (None for a question never rated), returns it rated and the log entry.
Reschedule = Callable[[CardState | None], tuple[CardState, LoggedReview]]

_CARD = text("""
SELECT state, step, stability, difficulty, due, last_review FROM review_cards
WHERE member_id = :member_id AND question_id = :question_id
""").columns(
    state=Integer, step=Integer, stability=Float, difficulty=Float, due=UtcDateTime, last_review=UtcDateTime
)
_SAVE_CARD = text("""
INSERT INTO review_cards (member_id, question_id, state, step, stability, difficulty, due,
                          last_review)
VALUES (:member_id, :question_id, :state, :step, :stability, :difficulty, :due, :last_review)
ON CONFLICT (member_id, question_id) DO UPDATE SET
    state = excluded.state, step = excluded.step, stability = excluded.stability,
    difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review
""").bindparams(
    bindparam("due", type_=UtcDateTime),
    bindparam("last_review", type_=UtcDateTime),
    bindparam("step", type_=Integer),
    bindparam("stability", type_=Float),
    bindparam("difficulty", type_=Float),
)
_LOG = text("""
INSERT INTO review_logs (member_id, question_id, rating, source, reviewed_at, duration_ms)
VALUES (:member_id, :question_id, :rating, :source, :reviewed_at, :duration_ms)
""").bindparams(
    bindparam("reviewed_at", type_=UtcDateTime),
    bindparam("rating", type_=Integer),
    bindparam("duration_ms", type_=Integer),
)


def rate_card(conn: Connection, member_id: int, question_id: str, reschedule: Reschedule) -> CardState:
    """Apply one review to the member's card and log it.

    Callers have already upserted the member's row in this transaction; on PostgreSQL that row
    lock keeps two answers of one member from rating the same card from the same old state.
    """
    key = {"member_id": member_id, "question_id": question_id}
    row = conn.execute(_CARD, key).first()
    stored = None
    if row is not None:
        stored = CardState(row.state, row.step, row.stability, row.difficulty, row.due, row.last_review)
    card, logged = reschedule(stored)
    conn.execute(
        _SAVE_CARD,
        key
        | {
            "state": card.state,
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": card.due,
            "last_review": card.last_review,
        },
    )
    conn.execute(
        _LOG,
        key
        | {
            "rating": logged.rating,
            "source": logged.source,
            "reviewed_at": logged.reviewed_at,
            "duration_ms": logged.duration_ms,
        },
    )
    return card
