"""Runs the benchmarks and prints one table: `make bench` or `python -m benchmarks.run`.

With --postgres (or --full, or PREPBOT_BENCH_POSTGRES=1 or a URL) the answers and the Slack and
Discord clicks are measured on PostgreSQL too, each run on a new database dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import sys
import tempfile
from pathlib import Path

from benchmarks import (
    answers,
    answers_postgres,
    clicks,
    daily_answers,
    daily_fanout,
    discord_clicks,
    grading,
    leaderboard,
    progress_card,
    startup,
)
from benchmarks.common import HEADER, POSTGRES_URL, postgres_url
from benchmarks.grading_set import Target


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def show(rows: list[str] | list[str | Target], missed: list[str]) -> None:
    for row in rows:
        if isinstance(row, Target):
            print(row.line(), flush=True)
            if not row.met:
                shown = f"{row.value:.1f}%" if row.unit == "%" else f"{row.value:g}"
                missed.append(f"{row.name}: {shown}, target {row.goal}")
        else:
            print(row, flush=True)


async def main(args: argparse.Namespace) -> int:
    """Prints the table; 1 when a target is missed, naming each one."""
    logging.disable(logging.INFO)
    print(f"machine: {machine()}")
    print(HEADER)
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        show(startup.run(Path(tmp) / "startup", args.runs), missed)
        show(await answers.run(Path(tmp) / "answers", args.answers, max(args.runs, 3)), missed)
        show(await daily_answers.run(Path(tmp) / "daily_answers", 60, 3, max(args.runs, 2)), missed)
        show(await clicks.run(Path(tmp) / "clicks", args.clicks, args.runs), missed)
        show(await discord_clicks.run(Path(tmp) / "discord", args.clicks, args.runs), missed)
        if args.postgres:
            where, url = Path(tmp) / "postgres", args.postgres
            show(await answers_postgres.run(where / "answers", args.answers, max(args.runs, 3), url), missed)
            show(await daily_answers.run(where / "daily_answers", 60, 3, max(args.runs, 2), url), missed)
            show(await clicks.run(where / "clicks", args.clicks, args.runs, url), missed)
            show(await discord_clicks.run(where / "discord", args.clicks, args.runs, url), missed)
            show(await daily_fanout.run(where / "fanout", args.channels, url), missed)
        show(grading.run(), missed)
        show(progress_card.run(), missed)
        show(await leaderboard.run(Path(tmp) / "board", args.members, args.history, args.calls), missed)
        show(await daily_fanout.run(Path(tmp) / "fanout", args.channels), missed)
    for target in missed:
        print(f"MISSED target: {target}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--full", action="store_true", help="5M answers of history, 3 runs of each, 10,000 channels"
    )
    parser.add_argument("--runs", type=int, default=1, help="alternating runs of each benchmark")
    parser.add_argument("--answers", type=int, default=3000, help="answers to record")
    parser.add_argument("--clicks", type=int, default=60, help="clicks per concurrency level")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--history", type=int, default=1_000_000, help="answers already stored")
    parser.add_argument("--calls", type=int, default=300, help="leaderboard reads per period")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=POSTGRES_URL,
        default=postgres_url(),
        help=f"also on this PostgreSQL server (default {POSTGRES_URL})",
    )
    parser.add_argument("--channels", type=int, default=2000, help="channels in the daily fan-out")
    arguments = parser.parse_args()
    if arguments.full:
        arguments.history, arguments.runs, arguments.clicks = 5_000_000, 3, 120
        arguments.postgres = arguments.postgres or POSTGRES_URL
        arguments.channels = 10_000
    sys.exit(asyncio.run(main(arguments)))
