"""Spaced repetition with FSRS: how a graded answer rates a member's card, and when it falls due.

Pure: cards come in and go out as plain values with aware UTC times, the way the database
stores them. Only fsrs' Scheduler, Card, Rating and State are used, never its optimizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from bot.grading import Verdict

FAST_ANSWER = timedelta(seconds=15)
# One short step: a missed or half-known question comes back within the session; a known one
# graduates to days at once instead of passing through Anki's extra one-minute step.
LEARNING_STEPS = (timedelta(minutes=10),)
SKIP_DELAY = timedelta(minutes=10)
LONGEST_TIMED = timedelta(hours=1)  # an answer later than this was not worked on all along


@dataclass(frozen=True)
class CardState:
    """A member's FSRS card for one question (times aware UTC)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


@dataclass(frozen=True)
class LoggedReview:
    """One row of a member's review history: a rating (None when skipped) and where it came from."""

    rating: int | None
    reviewed_at: datetime
    duration_ms: int | None
    source: str


def rating_for(verdict: Verdict, *, auto_graded: bool, answered_in: timedelta | None) -> Rating:
    """wrong -> Again, partial -> Hard, correct -> Good; Easy when an auto-graded question was
    answered correctly within FAST_ANSWER of being asked."""
    if verdict == Verdict.WRONG:
        return Rating.Again
    if verdict == Verdict.PARTIAL:
        return Rating.Hard
    if auto_graded and answered_in is not None and answered_in <= FAST_ANSWER:
        return Rating.Easy
    return Rating.Good


def to_fsrs(card: CardState) -> Card:
    return Card(
        card_id=0,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due.astimezone(UTC),
        last_review=card.last_review.astimezone(UTC) if card.last_review else None,
    )


def from_fsrs(card: Card) -> CardState:
    return CardState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due.astimezone(UTC),
        last_review=card.last_review.astimezone(UTC) if card.last_review else None,
    )


def new_card(now: datetime) -> CardState:
    return CardState(
        state=int(State.Learning), step=0, stability=None, difficulty=None, due=now, last_review=None
    )


class ReviewScheduler:
    """FSRS at the community's desired retention."""

    def __init__(self, retention: float = 0.9, *, fuzz: bool = True) -> None:
        self.fsrs = Scheduler(
            desired_retention=retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=LEARNING_STEPS,
            enable_fuzzing=fuzz,
        )

    def rate(
        self,
        card: CardState | None,
        rating: Rating,
        now: datetime,
        *,
        duration: timedelta | None,
        source: str,
    ) -> tuple[CardState, LoggedReview]:
        """The card after a review at `now` (aware), and the log entry to keep."""
        current = to_fsrs(card or new_card(now))
        reviewed, _ = self.fsrs.review_card(current, rating, review_datetime=now.astimezone(UTC))
        timed = duration is not None and timedelta(0) <= duration <= LONGEST_TIMED
        millis = int(duration.total_seconds() * 1000) if duration is not None and timed else None
        return from_fsrs(reviewed), LoggedReview(int(rating), now, millis, source)


def postpone(card: CardState | None, now: datetime) -> tuple[CardState, LoggedReview]:
    """A skipped question: no rating, and its card falls due soon whatever it was before."""
    soon = now + SKIP_DELAY
    current = card or new_card(soon)
    return (
        CardState(
            current.state, current.step, current.stability, current.difficulty, soon, current.last_review
        ),
        LoggedReview(None, now, None, "skip"),
    )
