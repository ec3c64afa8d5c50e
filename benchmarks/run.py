"""Runs the benchmarks and prints one table: `make bench` or `python -m benchmarks.run`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import tempfile
from pathlib import Path

from benchmarks import answers, grading, leaderboard
from benchmarks.common import HEADER


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


async def main(args: argparse.Namespace) -> None:
    logging.disable(logging.INFO)
    print(f"machine: {machine()}")
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for line in await answers.run(Path(tmp) / "answers", args.answers):
            print(line, flush=True)
        for line in grading.run():
            print(line, flush=True)
        for line in await leaderboard.run(Path(tmp) / "board", args.members, args.history,
                                          args.calls):
            print(line, flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=3000, help="answers to record")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--history", type=int, default=1_000_000, help="answers already stored")
    parser.add_argument("--calls", type=int, default=300, help="leaderboard reads per period")
    asyncio.run(main(parser.parse_args()))
