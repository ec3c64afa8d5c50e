from bot.grading import Grade, Verdict
from bot.models import Difficulty
from bot.scoring import points_for, streak_bonus


def test_points_grow_with_difficulty() -> None:
    right = Grade(Verdict.CORRECT)
    values = [points_for(right, d, first_attempt=True) for d in Difficulty]
    assert values == sorted(values) and values[0] > 0


def test_repeats_and_wrong_answers_earn_nothing() -> None:
    assert points_for(Grade(Verdict.CORRECT), Difficulty.HARD, first_attempt=False) == 0
    assert points_for(Grade(Verdict.WRONG), Difficulty.HARD, first_attempt=True) == 0


def test_partial_earns_half() -> None:
    full = points_for(Grade(Verdict.CORRECT), Difficulty.MEDIUM, first_attempt=True)
    half = points_for(Grade(Verdict.PARTIAL), Difficulty.MEDIUM, first_attempt=True)
    assert half == full // 2


def test_streak_bonus_is_capped() -> None:
    assert streak_bonus(1) == 0
    assert streak_bonus(3) > streak_bonus(2) > 0
    assert streak_bonus(100) == streak_bonus(1000)
