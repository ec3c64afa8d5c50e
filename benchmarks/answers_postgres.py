"""Recording answers through PracticeService on PostgreSQL, beside a like-for-like floor.

    python -m benchmarks.answers_postgres [--answers 3000] [--runs 3] [--database-url URL]

The service run records what the bot sends the server while answering: each statement with its
parameters as the driver receives them (SQLAlchemy's cursor events), the end of each transaction,
and the pool's pre-ping on each checkout (BEGIN, `;`, ROLLBACK). The like-for-like floor replays
exactly those, in the same transactions and order, through asyncpg directly (no service, no
SQLAlchemy) on a copy of the database from before them. The single-row INSERT + COMMIT into an
unindexed table is the limit of the driver, for reference. Each run uses new databases on the
server of URL (default: the local server), dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import event

from benchmarks.answers import cost_rows, timed_answers
from benchmarks.common import POSTGRES_URL, fresh_database, plain_dsn, write_synthetic_bank
from benchmarks.grading_set import Target
from bot.bootstrap import build_core
from bot.settings import Settings

Step = tuple[str, str, Any]  # ("ping" | "sql" | "many" | "commit" | "rollback", statement, parameters)


class Transcript:
    """What was sent, in blocks: each timed block is one answer."""

    def __init__(self) -> None:
        self.blocks: list[tuple[bool, list[Step]]] = []
        self.timed = False

    def add(self, step: Step) -> None:
        if not self.blocks or self.blocks[-1][0] != self.timed:
            self.blocks.append((self.timed, []))
        self.blocks[-1][1].append(step)

    def listen(self, engine: Any, pings: bool) -> None:
        def on_checkout(*_: Any) -> None:
            if pings:
                self.add(("ping", ";", ()))

        def on_execute(_conn: Any, _cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
            many = bool(rest[-1])
            self.add(("many" if many else "sql", statement, list(parameters) if many else tuple(parameters)))

        event.listen(engine, "checkout", on_checkout)
        event.listen(engine, "before_cursor_execute", on_execute)
        event.listen(engine, "commit", lambda _conn: self.add(("commit", "", ())))
        event.listen(engine, "rollback", lambda _conn: self.add(("rollback", "", ())))

    def statements_per_answer(self) -> float:
        counts = [sum(1 for s in steps if s[0] in ("sql", "many")) for timed, steps in self.blocks if timed]
        return statistics.mean(counts) if counts else 0.0


def settings_for(folder: Path, url: str) -> Settings:
    return Settings(bundled_questions=False, content_dir=str(folder / "content"), database_url=url)


async def service_answers(folder: Path, url: str, count: int, seed: int) -> tuple[list[float], Transcript]:
    core = await build_core(settings_for(folder, url))
    transcript = Transcript()
    engine = core.store.engine
    transcript.listen(engine.sync_engine, pings=bool(getattr(engine.pool, "_pre_ping", False)))
    try:
        samples = await timed_answers(core, count, seed, transcript)
    finally:
        await core.close()
    return samples, transcript


async def replay(connection: Any, steps: list[Step], open_: list[Any]) -> None:
    """`open_` holds the transaction a statement started, as the bot's driver starts one lazily."""
    for kind, statement, parameters in steps:
        if kind == "ping":
            ping = connection.transaction()
            await ping.start()
            await connection.fetchrow(statement)
            await ping.rollback()
        elif kind in ("commit", "rollback"):
            if open_:
                await getattr(open_.pop(), kind)()
        else:
            if not open_:
                open_.append(connection.transaction())
                await open_[0].start()
            if kind == "many":
                await connection.executemany(statement, parameters)
            else:
                await connection.fetch(statement, *parameters)


async def like_for_like(url: str, transcript: Transcript) -> list[float]:
    connection = await asyncpg.connect(plain_dsn(url))
    samples: list[float] = []
    open_: list[Any] = []
    try:
        for timed, steps in transcript.blocks:
            began = time.perf_counter()
            await replay(connection, steps, open_)
            if timed:
                samples.append((time.perf_counter() - began) * 1000)
    finally:
        await connection.close()
    return samples


async def single_insert_limit(url: str, count: int) -> list[float]:
    connection = await asyncpg.connect(plain_dsn(url))
    await connection.execute(
        "CREATE TABLE bench_answers (id serial PRIMARY KEY, member text, question text, response text)"
    )
    samples = []
    try:
        for index in range(count):
            began = time.perf_counter()
            async with connection.transaction():
                await connection.execute(
                    "INSERT INTO bench_answers (member, question, response) VALUES ($1, $2, $3)",
                    f"u{index}",
                    "q",
                    "B",
                )
            samples.append((time.perf_counter() - began) * 1000)
    finally:
        await connection.close()
    return samples


async def one_run(folder: Path, url: str, count: int, seed: int) -> tuple[list[float], ...]:
    async with fresh_database(url) as base:
        await (await build_core(settings_for(folder, base))).close()  # migrated, as a member meets it
        async with fresh_database(url, template=base) as copy:
            service, transcript = await service_answers(folder, base, count, seed)
            floor = await like_for_like(copy, transcript)
            limit = await single_insert_limit(copy, count)
    return service, floor, limit, [transcript.statements_per_answer()]


async def run(folder: Path, count: int, runs: int = 3, url: str = POSTGRES_URL) -> list[str | Target]:
    """Alternates service, floor and limit in each run, so the machine's load falls on each alike."""
    folder.mkdir(parents=True, exist_ok=True)
    write_synthetic_bank(folder / "content")
    figures: dict[str, list[list[float]]] = {"service": [], "floor": [], "limit": [], "statements": []}
    for index in range(runs):
        for name, samples in zip(figures, await one_run(folder, url, count, seed=index), strict=True):
            figures[name].append(samples)
    statements = statistics.median(s[0] for s in figures["statements"])
    rows: list[str | Target] = [
        f"answers on PostgreSQL, {count} per run, min / median / max of {runs} runs "
        f"({statements:.1f} statements per answer, without BEGIN, COMMIT and pings)"
    ]
    rows += cost_rows(figures, "PostgreSQL", "asyncpg")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=POSTGRES_URL)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = asyncio.run(run(Path(tmp), args.answers, args.runs, args.database_url))
    for row in rows:
        print(row.line() if isinstance(row, Target) else row, flush=True)


if __name__ == "__main__":
    main()
