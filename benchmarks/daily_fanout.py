"""Fan one daily question out to N channels (default 1,000) through a recording publisher.

    python -m benchmarks.daily_fanout [--channels 1000] [--latency-ms 0] [--database-url URL]

Every channel has a 09:00 schedule; the clock stands at 09:00 and all jobs start at once, as
when APScheduler fires them in the same second. Each post is claimed in the database, sent,
and its message id stored. Prints the wall time, CPU time, throughput and per-channel latency, then how
long the built-in platform pacing would spread the same fan-out (rate limits, not CPU, decide).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import event

from benchmarks.common import percentile, write_synthetic_bank
from bot.bootstrap import build_core, build_daily
from bot.daily.outbox import DEFAULT_RATES, Outbox
from bot.daily.schedule import ScheduleSpec
from bot.models import Channel
from bot.replies import Reply
from bot.settings import Settings
from bot.storage.daily_store import DailyStore
from bot.storage.repository import Store

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
    """A running count of the statements sent to the database, by any of the store's engines."""
    counted = [0]

    def one_more(*_: object) -> None:
        counted[0] += 1

    engines = [store.engine.sync_engine, store.transactions.sync_engine]
    for engine in engines:
        if engine is not None:
            event.listen(engine, "before_cursor_execute", one_more)
    return counted


async def fan_out(folder: Path, channels: int, latency: float, database_url: str | None) -> None:
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
        store = DailyStore(core.store.engine)
        spec = ScheduleSpec(clock_time(9, 0), "UTC")
        ids = [f"c{index:05d}" for index in range(channels)]
        for channel_id in ids:
            await store.save_schedule(
                "bench", channel_id, f"g{channel_id}", spec, NINE - timedelta(hours=1)
            )  # set this morning
        durations: list[float] = []
        statements = count_statements(core.store)

        async def job(channel_id: str) -> None:
            began = time.perf_counter()
            await daily.jobs.run_schedule("bench", channel_id)
            durations.append((time.perf_counter() - began) * 1000)

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(job(channel_id) for channel_id in ids))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        per_channel = statements[0] / channels
        posted = {channel_id for channel_id, _ in publisher.posts}
        assert len(publisher.posts) == channels and posted == set(ids), "a channel was missed"
        again = time.perf_counter()
        await asyncio.gather(*(daily.jobs.run_schedule("bench", c) for c in ids))
        rerun = time.perf_counter() - again
        assert len(publisher.posts) == channels, "a channel was posted twice"
        backend = core.store.engine.dialect.name
        print(f"{channels} channels on {backend}, publisher latency {latency * 1000:.0f} ms")
        print(f"  fan-out wall time      {elapsed:8.2f} s   ({channels / elapsed:,.0f} channels/s)")
        print(f"  fan-out CPU time       {cpu:8.2f} s   ({channels / cpu:,.0f} channels per CPU second)")
        print(
            f"  per-channel job        p50 {percentile(durations, 0.5):8.1f} ms   "
            f"p95 {percentile(durations, 0.95):8.1f} ms   max {max(durations):8.1f} ms"
        )
        print(f"  re-run (all claimed)   {rerun:8.2f} s   0 duplicate posts")
        print(f"  database statements    {per_channel:8.1f} per channel (first run)")
        for platform, rate in DEFAULT_RATES.items():
            if rate:
                per_second = rate[0] / rate[1]
                print(
                    f"  {platform} pacing ({per_second:g} posts/s) spreads it over "
                    f"{channels / per_second:,.0f} s"
                )
    finally:
        await core.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="simulated platform round trip per post"
    )
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(fan_out(Path(tmp), args.channels, args.latency_ms / 1000, args.database_url))


if __name__ == "__main__":
    main()
