"""Grades become FSRS ratings; retention shortens or stretches intervals; skips fall due soon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Rating

from bot.grading import Verdict
from bot.settings import Settings
from bot.spaced_repetition import ReviewScheduler, postpone, rating_for

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("verdict", "auto", "seconds", "rating"),
    [
        (Verdict.WRONG, True, 3, Rating.Again),
        (Verdict.PARTIAL, False, 3, Rating.Hard),
        (Verdict.CORRECT, True, 40, Rating.Good),
        (Verdict.CORRECT, True, 15, Rating.Easy),
        (Verdict.CORRECT, False, 5, Rating.Good),
        (Verdict.CORRECT, True, None, Rating.Good),
    ],
)
def test_grades_map_to_ratings(verdict: Verdict, auto: bool, seconds: int | None, rating: Rating) -> None:
    took = timedelta(seconds=seconds) if seconds is not None else None
    assert rating_for(verdict, auto_graded=auto, answered_in=took) == rating


def interval_days(retention: float) -> float:
    scheduler = ReviewScheduler(retention, fuzz=False)
    card, _ = scheduler.rate(None, Rating.Good, NOW, duration=None, source="quiz")
    card, _ = scheduler.rate(card, Rating.Good, card.due, duration=None, source="review")
    return (card.due - card.last_review).total_seconds() / 86400  # type: ignore[operator]


def test_higher_retention_means_shorter_intervals() -> None:
    assert interval_days(0.97) < interval_days(0.9) < interval_days(0.75)


def test_a_miss_is_due_within_minutes_and_logged() -> None:
    card, logged = ReviewScheduler(fuzz=False).rate(
        None, Rating.Again, NOW, duration=timedelta(seconds=8), source="quiz"
    )
    assert card.due == NOW + timedelta(minutes=10) and card.last_review == NOW
    assert (logged.rating, logged.duration_ms, logged.source) == (1, 8000, "quiz")


def test_a_long_open_question_logs_no_duration() -> None:
    _, logged = ReviewScheduler().rate(None, Rating.Good, NOW, duration=timedelta(days=3), source="quiz")
    assert logged.duration_ms is None


def test_a_skip_brings_even_a_distant_card_due_soon() -> None:
    card, _ = ReviewScheduler(fuzz=False).rate(None, Rating.Easy, NOW, duration=None, source="quiz")
    skipped, logged = postpone(card, NOW)
    assert skipped.due == NOW + timedelta(minutes=10) and skipped.stability == card.stability
    assert logged.rating is None and logged.source == "skip"


@pytest.mark.parametrize("value", ["0.5", "1", "0.995", "high"])
def test_retention_outside_its_range_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREPBOT_REVIEW_RETENTION", value)
    with pytest.raises(ValueError, match=r"review_retention|PREPBOT_REVIEW_RETENTION"):
        Settings()


def test_retention_defaults_to_ninety_percent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREPBOT_REVIEW_RETENTION", raising=False)
    assert Settings().review_retention == 0.9
    monkeypatch.setenv("PREPBOT_REVIEW_RETENTION", "0.85")
    assert Settings().review_retention == 0.85
