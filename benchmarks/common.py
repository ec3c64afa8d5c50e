"""Helpers shared by the benchmark scripts: a synthetic question bank and latency figures."""

from __future__ import annotations

import statistics
from pathlib import Path

import yaml

from bot.bank import QuestionBank

DIFFICULTIES = ("easy", "medium", "hard")


def write_synthetic_bank(folder: Path, per_topic: int = 20) -> Path:
    """A bank of choice questions large enough that benchmark members rarely repeat one."""
    folder.mkdir(parents=True, exist_ok=True)
    questions = [
        {
            "id": f"{topic}-q{index}",
            "kind": "choice",
            "topic": topic,
            "difficulty": DIFFICULTIES[index % 3],
            "prompt": f"Benchmark question {index} on {topic}",
            "options": ["alpha", "beta", "gamma", "delta"],
            "answer": "ABCD"[index % 4],
            "explanation": "Synthetic.",
            "sources": ["general"],
        }
        for topic in QuestionBank.load().topics.ids
        for index in range(per_topic)
    ]
    path = folder / "bench.yaml"
    path.write_text(yaml.safe_dump({"pack": "bench", "title": "Benchmark", "questions": questions}))
    return folder


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def latency_row(name: str, samples_ms: list[float], rate: float | None = None) -> str:
    rate_text = f"{rate:>10.0f}" if rate is not None else " " * 10
    return f"{name:<46}{rate_text}{statistics.median(samples_ms):>10.2f}{percentile(samples_ms, 0.99):>10.2f}"


HEADER = f"{'measurement':<46}{'per sec':>10}{'p50 ms':>10}{'p99 ms':>10}"
