"""What the click benchmarks share: alternating runs of a floor and of the bot, and their CLI."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.common import fresh_database, write_synthetic_bank
from benchmarks.grading_set import Target

T = TypeVar("T")
OneRun = Callable[[str, Path, int, str | None], Awaitable[T]]
Run = Callable[[Path, int, int, str | None], Coroutine[Any, Any, list[str | Target]]]


async def floor_and_bot(
    folder: Path, total: int, runs: int, database_url: str | None, one_run: OneRun[T]
) -> dict[str, list[T]]:
    """`runs` alternating runs of the floor and the bot, sharing one synthetic bank; the bot on a
    temporary SQLite file, or on a new database of `database_url`'s server for each run."""
    write_synthetic_bank(folder / "content")
    results: dict[str, list[T]] = {"floor": [], "bot": []}
    for index in range(runs):
        for which in ("floor", "bot"):
            where = folder / f"{which}{index}"
            where.mkdir(parents=True, exist_ok=True)
            (where / "content").symlink_to(folder / "content")
            if which == "floor" or database_url is None:
                results[which].append(await one_run(which, where, total, None))
                continue
            async with fresh_database(database_url) as url:
                results[which].append(await one_run(which, where, total, url))
    return results


def main(description: str | None, run: Run) -> None:
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=120, help="clicks per concurrency level")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="PostgreSQL, a new database each run (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = asyncio.run(run(Path(tmp), args.rounds, args.runs, args.database_url))
    for row in rows:
        print(row.line() if isinstance(row, Target) else row, flush=True)
