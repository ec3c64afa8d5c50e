"""Weak spots: how likely a member is to answer a topic correctly, and how sure we are of it.

Each topic's rate of correct answers gets a Beta(1 + correct, 1 + not correct) posterior (a
uniform prior), summarised by its mean and an 80% credible interval. Topics rank weakest by
the interval's upper end: a topic is only called weak when even the hopeful estimate is low,
so two unlucky answers do not outrank twenty mediocre ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Difficulty

CREDIBLE_MASS = 0.8
FEW_ANSWERS = 5
SHOWN = 3


@dataclass(frozen=True)
class TopicEstimate:
    label: str
    answered: int
    correct: int
    mean: float
    low: float
    high: float

    @property
    def unsure(self) -> bool:
        return self.answered < FEW_ANSWERS


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny, epsilon = 1e-300, 3e-14
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < epsilon:
            break
    return result


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b): the regularised incomplete beta function."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def beta_quantile(p: float, a: float, b: float) -> float:
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if beta_cdf(middle, a, b) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@lru_cache(maxsize=4096)
def credible_interval(answered: int, correct: int) -> tuple[float, float]:
    """The 80% credible interval of the rate of correct answers (about 1 ms to compute, and the
    same few small tallies come up again and again)."""
    a, b = 1 + correct, 1 + answered - correct
    tail = (1 - CREDIBLE_MASS) / 2
    return beta_quantile(tail, a, b), beta_quantile(1 - tail, a, b)


def estimate(label: str, answered: int, correct: int) -> TopicEstimate:
    low, high = credible_interval(answered, correct)
    return TopicEstimate(label, answered, correct, mean=(1 + correct) / (2 + answered), low=low, high=high)


def weakest(tallies: Iterable[tuple[str, int, int]], count: int = SHOWN) -> list[TopicEstimate]:
    """The `count` weakest of (label, answered, correct) tallies, weakest first."""
    estimates = [estimate(label, answered, correct) for label, answered, correct in tallies if answered > 0]
    return sorted(estimates, key=lambda e: (e.high, e.mean, e.label))[:count]


def suitable_difficulty(estimate: TopicEstimate | None) -> Difficulty:
    """Stretch without drowning: easy while under half right, hard once mostly right."""
    if estimate is None or estimate.mean < 0.5:
        return Difficulty.EASY
    if estimate.mean < 0.75:
        return Difficulty.MEDIUM
    return Difficulty.HARD
