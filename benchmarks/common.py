"""Helpers shared by the benchmark scripts: a synthetic question bank, latency figures and a
throwaway PostgreSQL database."""

from __future__ import annotations

import os
import statistics
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import yaml
from sqlalchemy.engine import make_url

from bot.bank import QuestionBank

DIFFICULTIES = ("easy", "medium", "hard")
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


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


def postgres_url(asked: str | None = None) -> str | None:
    """The server to measure PostgreSQL on: `asked`, else PREPBOT_BENCH_POSTGRES (a URL, or 1 for
    the local server), else none."""
    chosen = asked or os.environ.get("PREPBOT_BENCH_POSTGRES", "")
    if chosen.lower() in ("", "0", "no", "false"):
        return None
    return POSTGRES_URL if chosen.lower() in ("1", "yes", "true") else chosen


def plain_dsn(url: str) -> str:
    """The URL as asyncpg takes it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(url: str, template: str | None = None) -> AsyncIterator[str]:
    """A new, empty database on the server of `url` (a copy of `template` when named), dropped
    afterwards: each run starts from a clean schema and never meets the tests' tables."""
    name = f"prepbot_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(plain_dsn(url))
    try:
        copy = f' TEMPLATE "{make_url(template).database}"' if template else ""
        await admin.execute(f'CREATE DATABASE "{name}"{copy}')
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
