"""`/prep review`'s next-due lookup with many members and review cards, on SQLite.

python -m benchmarks.reviews          # 10,000 members, 200,000 cards: well under a minute
python -m benchmarks.reviews --full   # 100,000 members, 2,000,000 cards: a few minutes
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import HEADER, latency_row, write_synthetic_bank
from bot.bootstrap import build_core
from bot.models import Member
from bot.review import ReviewService
from bot.settings import Settings

COMMUNITY = "bench:g"
CHUNK = 100_000


def fill(path: Path, question_ids: list[str], members: int, cards: int, now: datetime) -> None:
    """Members and their FSRS cards, due from a month ago to two months ahead."""
    rng = random.Random(5)
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO members (id, community, user_id, display_name, streak, "
            "best_streak) VALUES (?, ?, ?, ?, 0, 0)",
            ((i, COMMUNITY, f"u{i}", f"Member {i}") for i in range(1, members + 1)),
        )
        per_member = max(1, cards // members)
        for start in range(0, cards, CHUNK):
            rows = []
            for index in range(start, min(cards, start + CHUNK)):
                member = index // per_member % members + 1
                due = now + timedelta(minutes=rng.randint(-30 * 24 * 60, 60 * 24 * 60))
                rows.append(
                    (
                        member,
                        question_ids[index % per_member % len(question_ids)],
                        2,
                        rng.uniform(1, 60),
                        rng.uniform(1, 10),
                        due.isoformat(sep=" "),
                        (due - timedelta(days=3)).isoformat(sep=" "),
                    )
                )
            db.executemany(
                "INSERT OR IGNORE INTO review_cards (member_id, question_id, state, "
                "stability, difficulty, due, last_review) VALUES (?,?,?,?,?,?,?)",
                rows,
            )
        db.execute("ANALYZE")


async def run(folder: Path, members: int, cards: int, calls: int) -> list[str]:
    settings = Settings(
        content_dir=write_synthetic_bank(folder / "content"),
        database_url=f"sqlite:///{folder / 'reviews.db'}",
    )
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    core = await build_core(settings)
    question_ids = sorted(core.bank.questions)
    await core.close()
    started = time.perf_counter()
    fill(folder / "reviews.db", question_ids, members, cards, now)
    lines = [
        f"(loaded {members:,} members and {cards:,} review cards in {time.perf_counter() - started:.0f} s)"
    ]
    core = await build_core(settings)
    reviews = ReviewService(core.service)
    rng = random.Random(9)
    try:
        lookups, commands = [], []
        for _ in range(calls):
            member_id = rng.randint(1, members)
            began = time.perf_counter()
            await core.service.review_store.due(member_id, now)
            lookups.append((time.perf_counter() - began) * 1000)
            caller = Member(platform="bench", community_id="g", user_id=f"u{member_id}")
            began = time.perf_counter()
            await reviews.review(caller)
            commands.append((time.perf_counter() - began) * 1000)
        lines.append(latency_row("review next-due lookup (count, first, next)", lookups))
        lines.append(latency_row("/prep review (lookup + open the question)", commands))
    finally:
        await core.close()
    return lines


async def main(args: argparse.Namespace) -> None:
    logging.disable(logging.INFO)
    members, cards = (100_000, 2_000_000) if args.full else (args.members, args.cards)
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for line in await run(Path(tmp), members, cards, args.calls):
            print(line, flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="100,000 members and 2,000,000 review cards")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--cards", type=int, default=200_000, help="review cards stored")
    parser.add_argument("--calls", type=int, default=1000, help="lookups to time")
    asyncio.run(main(parser.parse_args()))
