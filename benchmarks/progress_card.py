"""How long one progress card takes to draw: a member with twelve topics and eight busy weeks."""

from __future__ import annotations

import time
from datetime import date

from adapters.progress_card import draw_card
from benchmarks.common import latency_row, percentile
from benchmarks.grading_set import Target
from bot.replies import Stats, TopicStats

GOAL_MS = 1000.0


def busy_member() -> Stats:
    topics = tuple(TopicStats(f"Topic number {i} of the bank", 40 + i, 20 + i) for i in range(12))
    return Stats(
        name="benchmark member",
        points=1200,
        answered=sum(t.answered for t in topics),
        correct=sum(t.correct for t in topics),
        streak=12,
        best_streak=30,
        by_topic=topics,
        reviews_due=17,
        answers_per_day=tuple((d * 7) % 11 for d in range(56)),
        last_day=date(2026, 1, 31),
    )


def run(rounds: int = 30) -> list[str | Target]:
    stats = busy_member()
    started = time.perf_counter()
    draw_card(stats)  # the first card also loads matplotlib and its font cache
    first_ms = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        draw_card(stats)
        samples.append((time.perf_counter() - started) * 1000)
    p99 = percentile(samples, 0.99)
    return [
        latency_row("progress card render (warm)", samples),
        f"{'progress card, first in the process (ms)':<46}{'':>10}{first_ms:>10.0f}",
        Target("progress card render p99 (ms)", round(p99, 1), "< 1000", p99 < GOAL_MS, unit="ms"),
    ]
