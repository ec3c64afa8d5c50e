"""Pure scoring: points from a grade, the question's difficulty and the member's streak."""

from __future__ import annotations

from bot.grading import Grade, Verdict
from bot.models import Difficulty

BASE_POINTS = {Difficulty.EASY: 10, Difficulty.MEDIUM: 20, Difficulty.HARD: 30}
STREAK_BONUS_PER_DAY = 2
STREAK_BONUS_CAP = 10


def streak_bonus(streak: int) -> int:
    """Extra points for a correct daily answer on a streak of `streak` days (today included)."""
    return min(STREAK_BONUS_CAP, max(0, streak - 1) * STREAK_BONUS_PER_DAY)


def points_for(grade: Grade, difficulty: Difficulty, *, first_attempt: bool, streak: int = 0) -> int:
    """Points earned for one attempt. Repeats of a question already attempted earn nothing."""
    if not first_attempt:
        return 0
    base = BASE_POINTS[difficulty]
    if grade.verdict == Verdict.CORRECT:
        return base + streak_bonus(streak)
    if grade.verdict == Verdict.PARTIAL:
        return base // 2
    return 0
