"""Fan one daily question out to N channels (default 2,000) through a zero-latency publisher.

    python -m benchmarks.daily_fanout [--channels 2000] [--latency-ms 0] [--database-url URL]
                                      [--per-channel]

Every channel has a 09:00 schedule; the clock stands at 09:00 and every channel's job starts at
once, as when APScheduler fires them in the same second: each runs what the scheduler's job runs
(DailyScheduler.channel_due, which joins the channels due together into one batched sweep), or
with --per-channel each channel's own job (DailyPoster.run_schedule), the path before batching.
Each post is claimed in the database, sent, and its message id stored.

With no publisher latency the time taken is the bot's own work: prints channels per second of
it (wall and CPU), the database statements per channel, then how long the built-in platform
pacing spreads the same fan-out (rate limits, not the bot, decide).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, event, text

from benchmarks.common import fresh_database, write_synthetic_bank
from benchmarks.grading_set import Target
from bot.bootstrap import build_core, build_daily
from bot.daily.outbox import DEFAULT_RATES, Outbox
from bot.models import Channel
from bot.replies import Reply
from bot.settings import Settings
from bot.storage.repository import Store
from bot.storage.tables import admin_notes, daily_questions, posts, schedules, weekly_boards
from scheduler.daily_jobs import DailyScheduler

MIN_CHANNELS_PER_S = 1000  # bot-side work at most a tenth of the fastest platform pacing's time

NINE = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # a Tuesday: no weekly board


class FixedClock:
    def now(self) -> datetime:
        return NINE


class RecordingPublisher:
    platform = "bench"

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.posts: list[tuple[str, Reply]] = []

    async def post(self, channel: Channel, reply: Reply) -> str:
        if self.latency:
            await asyncio.sleep(self.latency)
        self.posts.append((channel.channel_id, reply))
        return str(len(self.posts))

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        return None


def count_statements(store: Store) -> list[int]:
    """A running count of the statements the database runs, by any of the store's engines (one
    run with many parameter sets counts once per set)."""
    counted = [0]

    def more(
        _conn: object, _cursor: object, _sql: str, parameters: object, _context: object, many: bool
    ) -> None:
        counted[0] += len(parameters) if many and isinstance(parameters, list) else 1

    engines = [store.engine.sync_engine, store.transactions.sync_engine]
    for engine in engines:
        if engine is not None:
            event.listen(engine, "before_cursor_execute", more)
    return counted


@dataclass
class FanOut:
    channels: int
    backend: str
    wall: float
    cpu: float
    statements: float  # per channel
    rerun: float

    def rows(self) -> list[str]:
        return [
            f"daily fan-out, {self.channels:,} channels on {self.backend} (bot-side work: no latency)",
            f"  wall {self.wall:6.2f} s   {self.channels / self.wall:8,.0f} channels/s",
            f"  CPU  {self.cpu:6.2f} s   {self.channels / self.cpu:8,.0f} channels per CPU second",
            f"  {self.statements:.2f} database statements per channel; re-run (all done) {self.rerun:.2f} s",
        ]

    @property
    def per_second(self) -> float:
        return self.channels / self.wall


async def add_schedules(store: Store, ids: list[str]) -> None:
    """A 09:00 UTC schedule per channel, each its own community, set this morning (the daily
    tables emptied first: --database-url names a throwaway database)."""

    def empty(conn: Connection) -> None:
        for table in (daily_questions, posts, weekly_boards, admin_notes, schedules):
            conn.execute(table.delete())

    await store.transactions.run(empty)
    rows = [
        {
            "platform": "bench",
            "channel_id": channel_id,
            "community_id": f"g{channel_id}",
            "post_time": "09:00",
            "timezone": "UTC",
            "topics": "",
            "weekdays": "0123456",
            "reveal_minutes": 480,
            "paused": False,
            "active_since": NINE - timedelta(hours=1),
        }
        for channel_id in ids
    ]
    await store.transactions.run(lambda conn: conn.execute(schedules.insert(), rows))
    if store.engine.dialect.name == "postgresql":  # the planner's statistics, as autovacuum keeps them
        async with store.engine.connect() as conn:
            await conn.execute(text("ANALYZE"))


async def fan_out(
    folder: Path, channels: int, latency: float, database_url: str | None, *, per_channel: bool = False
) -> FanOut:
    settings = Settings(
        bundled_questions=False,
        content_dir=write_synthetic_bank(folder / "content"),
        database_url=database_url or f"sqlite:///{folder / 'fanout.db'}",
    )
    core = await build_core(settings, clock=FixedClock())
    try:
        outbox = Outbox(rates={"bench": None})
        publisher = RecordingPublisher(latency)
        outbox.register(publisher)
        daily = build_daily(core, outbox, owner="bench", rng=random.Random(1))
        jobs = DailyScheduler(daily.jobs)  # not started: its jobs are run here, all at once
        job = daily.jobs.run_schedule if per_channel else jobs.channel_due
        ids = [f"c{index:05d}" for index in range(channels)]
        await add_schedules(core.store, ids)
        statements = count_statements(core.store)
        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(job("bench", channel_id) for channel_id in ids))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        per_channel_statements = statements[0] / channels
        posted = {channel_id for channel_id, _ in publisher.posts}
        assert len(publisher.posts) == channels and posted == set(ids), "a channel was missed"
        again = time.perf_counter()
        await asyncio.gather(*(job("bench", channel_id) for channel_id in ids))
        rerun = time.perf_counter() - again
        assert len(publisher.posts) == channels, "a channel was posted twice"
        backend = core.store.engine.dialect.name
        return FanOut(channels, backend, elapsed, cpu, per_channel_statements, rerun)
    finally:
        await core.close()


async def run(folder: Path, channels: int, postgres_url: str | None = None) -> list[str | Target]:
    """Rows for `benchmarks.run`'s table (the scheduler's path; SQLite, or a new database on the
    PostgreSQL server of `postgres_url`, dropped afterwards)."""
    if postgres_url is None:
        result = await fan_out(folder, channels, 0.0, None)
    else:
        async with fresh_database(postgres_url) as url:
            result = await fan_out(folder, channels, 0.0, url)
    per_second = round(result.per_second)
    backend = "PostgreSQL" if postgres_url else "SQLite"
    return [
        *result.rows(),
        Target(
            f"daily fan-out bot-side channels/s ({backend})",
            per_second,
            f">= {MIN_CHANNELS_PER_S}",
            per_second >= MIN_CHANNELS_PER_S,
            unit="/s",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--channels", type=int, default=2000)
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="simulated platform round trip per post"
    )
    parser.add_argument(
        "--database-url", default=None, help="a throwaway database (default: a temporary SQLite file)"
    )
    parser.add_argument(
        "--per-channel", action="store_true", help="each channel's own job (the path before batching)"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(
            fan_out(
                Path(tmp),
                args.channels,
                args.latency_ms / 1000,
                args.database_url,
                per_channel=args.per_channel,
            )
        )
    print("\n".join(result.rows()))
    for platform, rate in DEFAULT_RATES.items():
        if rate:
            per_second = rate[0] / rate[1]
            print(
                f"  {platform} pacing ({per_second:g} posts/s) spreads it over "
                f"{args.channels / per_second:,.0f} s"
            )


if __name__ == "__main__":
    main()
