"""Answers to a daily post beside practice answers, through the router both take from a click.

    python -m benchmarks.daily_answers [--members 200] [--posts 5] [--runs 3] [--database-url URL]

A member's click on a daily post's button and on a practice question's button both arrive at
`Dispatcher.answer`; the daily one also checks the post (its channel, whether it is closed),
counts the answer for the post and works out the member's daily streak. Each run posts `posts`
daily questions (one channel each) and every member answers each of them; the practice run has
each member open a question with /prep quiz and answer it, the same number of times. Only the
answers are timed. Runs alternate, and each figure is min / median / max over the runs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from benchmarks.common import fresh_database, percentile, write_synthetic_bank
from bot.bootstrap import build_core, build_daily, build_router
from bot.daily.outbox import Outbox
from bot.daily.schedule import ScheduleSpec
from bot.dispatch import Dispatcher
from bot.models import Channel, Member
from bot.replies import AnswerFeedback, QuestionCard, Reply
from bot.settings import Settings
from bot.storage.daily_store import DailyStore

NINE = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
PLATFORM = "bench"


class FixedClock:
    def now(self) -> datetime:
        return NINE


class DropPublisher:
    platform = PLATFORM

    async def post(self, channel: Channel, reply: Reply) -> str:
        return "m1"

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        return None


async def timed(answering: object) -> float:
    began = time.perf_counter()
    reply = await answering  # type: ignore[misc]
    took = (time.perf_counter() - began) * 1000
    assert isinstance(reply, AnswerFeedback), reply
    return took


async def practice_answers(router: Dispatcher, members: list[Member], rounds: int) -> list[float]:
    channel = Channel(platform=PLATFORM, community_id="g", channel_id="practice")
    samples = []
    for _ in range(rounds):
        for member in members:
            card = await router.handle_text(member, channel, "quiz", is_admin=False)
            assert isinstance(card, QuestionCard), card
            samples.append(await timed(router.answer(member, card.question_id, "A", channel=channel)))
    return samples


async def daily_answers(
    router: Dispatcher, daily_store: DailyStore, members: list[Member], posts: int
) -> list[float]:
    samples = []
    for index in range(posts):
        channel = Channel(platform=PLATFORM, community_id="g", channel_id=f"daily{index}")
        post = await daily_store.latest_post(PLATFORM, channel.channel_id)
        assert post is not None, "the daily post was not made"
        for member in members:
            samples.append(
                await timed(router.answer(member, post.question_id, "A", post_id=post.id, channel=channel))
            )
    return samples


async def one_run(folder: Path, kind: str, members: int, posts: int, database_url: str | None) -> list[float]:
    if database_url is None:
        return await answers_on(folder, kind, members, posts, None)
    async with fresh_database(database_url) as url:
        return await answers_on(folder, kind, members, posts, url)


async def answers_on(
    folder: Path, kind: str, members: int, posts: int, database_url: str | None
) -> list[float]:
    folder.mkdir(parents=True)
    settings = Settings(
        bundled_questions=False,
        content_dir=write_synthetic_bank(folder / "content"),
        database_url=database_url or f"sqlite:///{folder / 'answers.db'}",
    )
    core = await build_core(settings, clock=FixedClock())
    try:
        outbox = Outbox(rates={PLATFORM: None})
        outbox.register(DropPublisher())
        daily = build_daily(core, outbox, clock=FixedClock(), owner="bench", rng=random.Random(1))
        router = build_router(core, daily)
        people = [
            Member(platform=PLATFORM, community_id="g", user_id=f"u{kind}{i}", display_name=f"Member {i}")
            for i in range(members)
        ]
        if kind == "practice":
            return await practice_answers(router, people, posts)
        store = DailyStore(core.store.engine, core.store.transactions)
        for index in range(posts):
            spec = ScheduleSpec(clock_time(9, 0), "UTC")
            await store.save_schedule(PLATFORM, f"daily{index}", "g", spec, NINE - timedelta(hours=1))
            await daily.jobs.run_schedule(PLATFORM, f"daily{index}")
        samples = await daily_answers(router, store, people, posts)
        await daily.poster.settle()  # the live-count edits the answers started
        return samples
    finally:
        await core.close()


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


async def run(
    folder: Path, members: int, posts: int, runs: int, database_url: str | None = None
) -> list[str]:
    results: dict[str, list[list[float]]] = {"practice": [], "daily": []}
    for index in range(runs):
        for kind in ("practice", "daily") if index % 2 == 0 else ("daily", "practice"):
            results[kind].append(await one_run(folder / f"{kind}{index}", kind, members, posts, database_url))
    backend = "PostgreSQL" if database_url else "SQLite"
    shape = f"{members} members x {posts}, min / median / max of {runs} runs"
    rows = [f"answers by button through the router on {backend}, {shape}"]
    for kind, samples in results.items():
        rows.append(
            f"  {kind + ' answer':<24} p50 {spread([percentile(s, 0.5) for s in samples])} ms"
            f"  p99 {spread([percentile(s, 0.99) for s in samples])} ms"
        )
    ratios = [
        statistics.mean(daily) / statistics.mean(practice)
        for daily, practice in zip(results["daily"], results["practice"], strict=True)
    ]
    rows.append(f"  daily / practice, mean time per answer   {spread(ratios)}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        rows = asyncio.run(run(Path(tmp), args.members, args.posts, args.runs, args.database_url))
    print("\n".join(rows))


if __name__ == "__main__":
    main()
