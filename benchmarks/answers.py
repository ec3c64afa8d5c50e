"""Recording answers through PracticeService on SQLite, beside a raw aiosqlite baseline.

Each answer follows the asking of its question (as /prep quiz does); only the answer is timed.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from benchmarks.common import latency_row, write_synthetic_bank
from benchmarks.grading_set import Target
from bot.bootstrap import build_core
from bot.models import Member
from bot.settings import Settings

MIN_RATIO = 0.30  # the service records answers at least this fast relative to raw INSERT+COMMIT


async def raw_driver_baseline(path: Path, count: int) -> tuple[float, list[float]]:
    """Plain aiosqlite: one single-row INSERT + COMMIT per answer, same pragmas as the bot."""
    async with aiosqlite.connect(path) as db:
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
            await db.execute(f"PRAGMA {pragma}")
        await db.execute(
            "CREATE TABLE answers (id INTEGER PRIMARY KEY, member TEXT, "
            "question TEXT, response TEXT, at TEXT)"
        )
        await db.commit()
        samples = []
        started = time.perf_counter()
        for index in range(count):
            began = time.perf_counter()
            await db.execute(
                "INSERT INTO answers (member, question, response, at) VALUES (?, ?, ?, datetime('now'))",
                (f"u{index}", "q", "B"),
            )
            await db.commit()
            samples.append((time.perf_counter() - began) * 1000)
        elapsed = time.perf_counter() - started
    return count / elapsed, samples


async def service_answers(folder: Path, count: int) -> tuple[float, list[float]]:
    settings = Settings(
        bundled_questions=False,
        content_dir=write_synthetic_bank(folder / "content"),
        database_url=f"sqlite:///{folder / 'service.db'}",
    )
    core = await build_core(settings)
    ids = list(core.bank.questions)
    rng = random.Random(7)
    members = [
        Member(platform="bench", community_id="g", user_id=f"u{i}", display_name=f"U{i}") for i in range(200)
    ]
    samples = []
    try:
        for _ in range(count):
            member, question = rng.choice(members), rng.choice(ids)
            await core.store.set_pending(member, question, None, datetime.now(UTC).replace(tzinfo=None))
            began = time.perf_counter()
            await core.service.answer_question(member, question, rng.choice("ABCD"))
            samples.append((time.perf_counter() - began) * 1000)
    finally:
        await core.close()
    return count / (sum(samples) / 1000), samples


async def run(folder: Path, count: int) -> list[str | Target]:
    folder.mkdir(parents=True, exist_ok=True)
    base_rate, base_samples = await raw_driver_baseline(folder / "raw.db", count)
    rate, samples = await service_answers(folder, count)
    ratio = rate / base_rate
    return [
        latency_row("raw aiosqlite INSERT+COMMIT (baseline)", base_samples, base_rate),
        latency_row("PracticeService.answer_question (SQLite)", samples, rate),
        Target(
            "answers per second, ratio service / baseline",
            round(ratio, 2),
            ">= 0.30",
            ratio >= MIN_RATIO,
            unit="x",
        ),
    ]
