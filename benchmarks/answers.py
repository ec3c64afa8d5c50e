"""Recording answers through PracticeService on SQLite, beside a like-for-like floor.

    python -m benchmarks.answers [--answers 3000] [--runs 3]

The service run records each statement its write transactions send to SQLite (the stdlib
driver's trace callback). The like-for-like floor replays exactly those statements, in the same
transactions, on a copy of the same database through the stdlib `sqlite3` driver with the bot's
PRAGMAs: what the answers cost with no service, no SQLAlchemy and no thread hop. The single-row
INSERT + COMMIT into an unindexed table is the limit of the driver, for reference. Each answer
follows the asking of its question (as /prep quiz does); only the answer is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import event

from benchmarks.common import percentile, write_synthetic_bank
from benchmarks.grading_set import Target
from bot.bootstrap import Core, build_core
from bot.models import Member
from bot.settings import Settings
from bot.storage.engine import sqlite_pragmas

MAX_COST_RATIO = 3.0  # the service's time per answer at most this multiple of the floor's


class Transcript:
    """The statements of each write transaction, and which transactions were answers."""

    def __init__(self) -> None:
        self.groups: list[tuple[bool, list[str]]] = []
        self.timed = False

    def trace(self, statement: str) -> None:
        if statement.strip() == "BEGIN":
            self.groups.append((self.timed, []))
        if self.groups:
            self.groups[-1][1].append(statement)


class Marks(Protocol):
    timed: bool


async def timed_answers(core: Core, count: int, seed: int, transcript: Marks) -> list[float]:
    """Times (ms) of `count` answers by 200 members, each after its question is opened; the
    transcript is marked `timed` while an answer is recorded."""
    ids = list(core.bank.questions)
    rng = random.Random(seed)
    members = [
        Member(platform="bench", community_id="g", user_id=f"u{i}", display_name=f"U{i}") for i in range(200)
    ]
    samples = []
    for _ in range(count):
        member, question = rng.choice(members), rng.choice(ids)
        await core.store.set_pending(member, question, None, datetime.now(UTC))
        transcript.timed = True
        began = time.perf_counter()
        await core.service.answer_question(member, question, rng.choice("ABCD"))
        samples.append((time.perf_counter() - began) * 1000)
        transcript.timed = False
    return samples


def copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


async def service_answers(folder: Path, count: int, seed: int) -> tuple[list[float], Transcript, Path]:
    """Answer times (ms), the statements sent, and a copy of the database from before them."""
    settings = Settings(
        bundled_questions=False,
        content_dir=str(folder.parent / "content"),
        database_url=f"sqlite:///{folder / 'service.db'}",
    )
    core = await build_core(settings)
    transcript = Transcript()
    start = folder / "start.db"
    copy_database(folder / "service.db", start)
    writer = core.store.transactions.sync_engine
    assert writer is not None, "the SQLite writer engine"

    def on_checkout(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection.set_trace_callback(transcript.trace)

    event.listen(writer, "checkout", on_checkout)
    try:
        samples = await timed_answers(core, count, seed, transcript)
    finally:
        await core.close()
    return samples, transcript, start


def stdlib_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)  # BEGIN/COMMIT come from the transcript
    sqlite_pragmas(connection, None)
    return connection


def like_for_like(database: Path, transcript: Transcript) -> list[float]:
    """The same statements on the same data, straight through sqlite3; answers timed."""
    connection = stdlib_connection(database)
    samples = []
    try:
        for timed, statements in transcript.groups:
            began = time.perf_counter()
            for statement in statements:
                connection.execute(statement).fetchall()
            if timed:
                samples.append((time.perf_counter() - began) * 1000)
    finally:
        connection.close()
    return samples


def single_insert_limit(path: Path, count: int) -> list[float]:
    connection = stdlib_connection(path)
    connection.execute(
        "CREATE TABLE answers (id INTEGER PRIMARY KEY, member TEXT, question TEXT, response TEXT)"
    )
    samples = []
    try:
        for index in range(count):
            began = time.perf_counter()
            connection.execute("BEGIN")
            connection.execute(
                "INSERT INTO answers (member, question, response) VALUES (?, ?, ?)", (f"u{index}", "q", "B")
            )
            connection.execute("COMMIT")
            samples.append((time.perf_counter() - began) * 1000)
    finally:
        connection.close()
    return samples


def spread(values: list[float], digits: int = 3) -> str:
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f} / {max(values):.{digits}f}"


def cost_rows(figures: dict[str, list[list[float]]], database: str, driver: str) -> list[str | Target]:
    """The service, floor and limit rows of alternating runs, and the service / floor target."""
    rows: list[str | Target] = []
    for name, label in (
        ("service", "PracticeService.answer_question"),
        ("floor", f"its statements via {driver} (like-for-like)"),
        ("limit", f"single INSERT+COMMIT via {driver} (limit)"),
    ):
        p50 = [percentile(s, 0.5) for s in figures[name]]
        p99 = [percentile(s, 0.99) for s in figures[name]]
        rate = [len(s) * 1000 / sum(s) for s in figures[name]]
        rows.append(f"  {label:<44} p50 {spread(p50)} ms  p99 {spread(p99)} ms  {spread(rate, 0)} /s")
    ratios = [sum(s) / sum(f) for s, f in zip(figures["service"], figures["floor"], strict=True)]
    ratio = statistics.median(ratios)
    rows.append(f"  service / like-for-like, time per answer     {spread(ratios, 2)}")
    rows.append(
        Target(
            f"answer cost, service / like-for-like ({database})",
            round(ratio, 2),
            f"<= {MAX_COST_RATIO:g}",
            ratio <= MAX_COST_RATIO,
            unit="x",
        )
    )
    return rows


async def run(folder: Path, count: int, runs: int = 3) -> list[str | Target]:
    """Alternates service, floor and limit in each run, so the machine's load falls on each alike."""
    folder.mkdir(parents=True, exist_ok=True)
    write_synthetic_bank(folder / "content")
    figures: dict[str, list[list[float]]] = {"service": [], "floor": [], "limit": []}
    statements: list[float] = []
    for index in range(runs):
        where = folder / f"run{index}"
        where.mkdir()
        samples, transcript, start = await service_answers(where, count, seed=index)
        figures["service"].append(samples)
        figures["floor"].append(like_for_like(start, transcript))
        figures["limit"].append(single_insert_limit(where / "limit.db", count))
        answered = [len(group) for timed, group in transcript.groups if timed]
        statements.append(statistics.mean(answered) - 2)  # without BEGIN and COMMIT
    rows: list[str | Target] = [
        f"answers on SQLite, {count} per run, min / median / max of {runs} runs "
        f"({statistics.median(statements):.1f} statements per answer)"
    ]
    rows += cost_rows(figures, "SQLite", "sqlite3")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = asyncio.run(run(Path(tmp), args.answers, args.runs))
    for row in rows:
        print(row.line() if isinstance(row, Target) else row, flush=True)


if __name__ == "__main__":
    main()
