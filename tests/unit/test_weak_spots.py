"""Beta-posterior estimates per topic: the numbers, the ranking and "unsure"."""

from __future__ import annotations

import math

import pytest

from bot.models import Difficulty
from bot.weak_spots import beta_cdf, beta_quantile, estimate, suitable_difficulty, weakest


@pytest.mark.parametrize(("a", "b", "x"), [(1, 1, 0.3), (1, 2, 0.3), (3, 1, 0.8), (2, 2, 0.5)])
def test_beta_cdf_matches_closed_forms(a: int, b: int, x: float) -> None:
    closed = {(1, 1): x, (1, 2): 1 - (1 - x) ** 2, (3, 1): x**3, (2, 2): 3 * x**2 - 2 * x**3}[(a, b)]
    assert beta_cdf(x, a, b) == pytest.approx(closed, abs=1e-12)


def test_quantiles_invert_the_cdf_even_for_many_answers() -> None:
    assert beta_quantile(0.1, 1, 2) == pytest.approx(1 - math.sqrt(0.9), abs=1e-9)
    for p in (0.1, 0.5, 0.9):
        assert beta_cdf(beta_quantile(p, 301, 701), 301, 701) == pytest.approx(p, abs=1e-9)


def test_an_estimate_has_a_mean_inside_its_credible_interval() -> None:
    few = estimate("nlp", 2, 0)
    many = estimate("stats", 200, 50)
    assert few.mean == pytest.approx(0.25) and few.unsure and not many.unsure
    assert few.low < few.mean < few.high and many.low < many.mean < many.high
    assert many.high - many.low < few.high - few.low


def test_ranking_by_the_upper_bound_keeps_two_unlucky_answers_below_a_steady_weakness() -> None:
    ranked = weakest([("nlp", 2, 0), ("stats", 40, 12), ("dl", 10, 9), ("sql", 0, 0), ("ml", 6, 3)])
    assert [e.label for e in ranked] == ["stats", "nlp", "ml"]


@pytest.mark.parametrize(
    ("answered", "correct", "level"),
    [(10, 2, Difficulty.EASY), (10, 6, Difficulty.MEDIUM), (20, 19, Difficulty.HARD)],
)
def test_a_suitable_difficulty_follows_the_estimate(answered: int, correct: int, level: Difficulty) -> None:
    assert suitable_difficulty(estimate("x", answered, correct)) == level
    assert suitable_difficulty(None) == Difficulty.EASY
