"""`/prep review`'s next-due lookup with many members and review cards, on SQLite, and the
progress card (`/prep stats` read from that database, then drawn) of members with eight weeks of
answers among them.

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

from adapters.progress_card import draw_card
from benchmarks.common import HEADER, latency_row, write_synthetic_bank
from bot.bootstrap import build_core
from bot.models import Member
from bot.review import ReviewService
from bot.service import PracticeService
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


def fill_answers(path: Path, topics: dict[str, str], member_ids: list[int], now: datetime) -> None:
    """Eight weeks of answers (80 each, a third wrong) for the members whose cards are drawn."""
    rng = random.Random(11)
    question_ids = sorted(topics)
    rows = []
    for member in member_ids:
        for index in range(80):
            question_id = question_ids[rng.randrange(len(question_ids))]
            answered = now - timedelta(minutes=rng.randint(0, 55 * 24 * 60))
            verdict = "wrong" if index % 3 == 0 else "correct"
            rows.append(
                (
                    member,
                    COMMUNITY,
                    question_id,
                    topics[question_id],
                    "A",
                    verdict,
                    answered.isoformat(sep=" "),
                )
            )
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO attempts (member_id, community, question_id, topic, response, verdict, "
            "points, scored, answered_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?)",
            rows,
        )


async def run(folder: Path, members: int, cards: int, calls: int, drawn: int = 30) -> list[str]:
    settings = Settings(
        content_dir=write_synthetic_bank(folder / "content"),
        database_url=f"sqlite:///{folder / 'reviews.db'}",
    )
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    core = await build_core(settings)
    question_ids = sorted(core.bank.questions)
    topics = {question_id: core.bank.questions[question_id].topic for question_id in question_ids}
    await core.close()
    started = time.perf_counter()
    fill(folder / "reviews.db", question_ids, members, cards, now)
    card_members = random.Random(13).sample(range(1, members + 1), min(drawn, members))
    fill_answers(folder / "reviews.db", topics, card_members, now)
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
            await core.service.review_store.due(member_id, now.replace(tzinfo=UTC))
            lookups.append((time.perf_counter() - began) * 1000)
            caller = bench_member(member_id)
            began = time.perf_counter()
            await reviews.review(caller)
            commands.append((time.perf_counter() - began) * 1000)
        lines.append(latency_row("review next-due lookup (count, first, next)", lookups))
        lines.append(latency_row("/prep review (lookup + open the question)", commands))
        lines += await progress_cards(core.service, card_members)
    finally:
        await core.close()
    return lines


async def progress_cards(service: PracticeService, member_ids: list[int]) -> list[str]:
    """`/prep stats` read from the big database, then the card drawn (in a worker thread, as the
    adapters do); the first card also loads matplotlib, so one is drawn before timing."""
    await asyncio.to_thread(draw_card, await service.stats(bench_member(member_ids[0])))
    reads, draws = [], []
    for member_id in member_ids:
        began = time.perf_counter()
        stats = await service.stats(bench_member(member_id))
        read = time.perf_counter()
        await asyncio.to_thread(draw_card, stats)
        reads.append((read - began) * 1000)
        draws.append((time.perf_counter() - read) * 1000)
    totals = [read + draw for read, draw in zip(reads, draws, strict=True)]
    return [
        latency_row("progress card: /prep stats read", reads),
        latency_row("progress card: render", draws),
        latency_row("progress card: read + render", totals),
    ]


def bench_member(member_id: int) -> Member:
    return Member(platform="bench", community_id="g", user_id=f"u{member_id}")


async def main(args: argparse.Namespace) -> None:
    logging.disable(logging.INFO)
    members, cards = (100_000, 2_000_000) if args.full else (args.members, args.cards)
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for line in await run(Path(tmp), members, cards, args.calls, args.drawn):
            print(line, flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="100,000 members and 2,000,000 review cards")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--cards", type=int, default=200_000, help="review cards stored")
    parser.add_argument("--calls", type=int, default=1000, help="lookups to time")
    parser.add_argument("--drawn", type=int, default=30, help="progress cards to time")
    asyncio.run(main(parser.parse_args()))
