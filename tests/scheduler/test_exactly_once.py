"""Exactly once: restarts, catch-up, failing platforms and two schedulers on one database."""

from __future__ import annotations

import asyncio
import logging

import pytest

from adapters.wording import closing_time
from bot.bootstrap import Core
from bot.replies import QuestionCard
from tests.conftest import FixedClock
from tests.scheduler.conftest import CHANNEL, Worker, berlin, start_worker


class Http500(Exception):
    pass


async def schedule_nine(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 16, 8, 0)  # a Monday morning
    await worker.command("/prep schedule set 09:00 Europe/Berlin")


async def stored_posts(core: Core) -> list[tuple[object, ...]]:
    from sqlalchemy import select

    from bot.storage.tables import posts

    async with core.store.engine.connect() as conn:
        rows = await conn.execute(select(posts.c.local_date, posts.c.message_id).order_by(posts.c.local_date))
        return [tuple(row) for row in rows]


async def test_restart_before_post_time_posts_once_at_nine(
    worker: Worker, second_core: Core, clock: FixedClock
) -> None:
    await schedule_nine(worker, clock)
    clock.current = berlin(2026, 11, 16, 8, 59)
    await worker.daily.poster.catch_up()
    assert worker.publisher.posts == []
    restarted = await start_worker(second_core, "worker-restarted")
    await restarted.daily.poster.catch_up()
    clock.current = berlin(2026, 11, 16, 9, 0)
    await restarted.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    assert len(restarted.publisher.posts) + len(worker.publisher.posts) == 1
    assert isinstance(restarted.publisher.posts[0][1], QuestionCard)


async def test_restart_after_post_time_does_not_post_again(
    worker: Worker, second_core: Core, clock: FixedClock
) -> None:
    await schedule_nine(worker, clock)
    clock.current = berlin(2026, 11, 16, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    clock.current = berlin(2026, 11, 16, 10, 30)
    restarted = await start_worker(second_core, "worker-restarted")
    await restarted.daily.poster.catch_up()
    assert len(worker.publisher.posts) == 1 and restarted.publisher.posts == []


async def test_restart_during_posting_finishes_the_claim_once(
    worker: Worker, second_core: Core, clock: FixedClock
) -> None:
    await schedule_nine(worker, clock)
    clock.current = berlin(2026, 11, 16, 9, 0)
    worker.publisher.stall = asyncio.Event()  # the platform call never returns ...
    job = asyncio.create_task(worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id))
    while worker.publisher.calls == 0:
        await asyncio.sleep(0)
    job.cancel()  # ... and the process dies with the post claimed but not sent
    with pytest.raises(asyncio.CancelledError):
        await job
    restarted = await start_worker(second_core, "worker-restarted")
    clock.current = berlin(2026, 11, 16, 9, 2)
    await restarted.daily.poster.catch_up()  # the dead worker's lease still holds
    assert restarted.publisher.posts == []
    clock.current = berlin(2026, 11, 16, 9, 6)
    await restarted.daily.poster.catch_up()
    await restarted.daily.poster.catch_up()
    assert len(restarted.publisher.posts) == 1 and worker.publisher.posts == []
    [(_, message_id)] = await stored_posts(second_core)
    assert message_id == "m1"


async def test_catch_up_inside_the_window_posts_late(worker: Worker, clock: FixedClock) -> None:
    await schedule_nine(worker, clock)
    clock.current = berlin(2026, 11, 16, 14, 59)
    await worker.daily.poster.catch_up()
    [(_, card, _)] = worker.publisher.posts
    assert isinstance(card, QuestionCard) and closing_time(card) == "2026-11-16T17:00+01:00"


async def test_catch_up_outside_the_window_skips_and_logs(
    worker: Worker, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    await schedule_nine(worker, clock)
    clock.current = berlin(2026, 11, 16, 15, 1)
    with caplog.at_level(logging.WARNING, "prepbot.daily"):
        await worker.daily.poster.catch_up()
        await worker.daily.poster.catch_up()
    assert worker.publisher.posts == []
    skipped = [r.getMessage() for r in caplog.records if "skipped the daily question" in r.getMessage()]
    assert len(skipped) == 1 and "2026-11-16" in skipped[0]
    clock.current = berlin(2026, 11, 17, 9, 0)  # the next day posts as usual
    await worker.daily.poster.catch_up()
    assert len(worker.publisher.posts) == 1


async def test_a_failing_platform_is_called_once_per_sweep_until_the_post_goes_out(
    worker: Worker, clock: FixedClock
) -> None:
    """The platform client retries its own HTTP calls; the bot adds no loop on top: a failed
    post waits for the next sweep, and is looked for before it is sent again."""
    await schedule_nine(worker, clock)
    worker.publisher.failures = [Http500("HTTP 500"), TimeoutError()]
    clock.current = berlin(2026, 11, 16, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    assert (worker.publisher.calls, worker.publisher.posts) == (1, [])
    clock.current = berlin(2026, 11, 16, 9, 5)
    await worker.daily.poster.catch_up()
    assert (worker.publisher.calls, worker.publisher.lookups, worker.publisher.posts) == (2, 1, [])
    clock.current = berlin(2026, 11, 16, 9, 10)
    await worker.daily.poster.catch_up()
    assert worker.publisher.calls == 3 and len(worker.publisher.posts) == 1


async def test_a_post_that_never_went_out_is_finished_by_the_next_attempt(
    worker: Worker, clock: FixedClock, core: Core
) -> None:
    await schedule_nine(worker, clock)
    worker.publisher.failures = [Http500("HTTP 500")]
    clock.current = berlin(2026, 11, 16, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    assert worker.publisher.posts == []
    [(_, message_id)] = await stored_posts(core)
    assert message_id is None  # claimed, not sent
    clock.current = berlin(2026, 11, 16, 9, 5)
    await worker.daily.poster.catch_up()
    await worker.daily.poster.catch_up()
    assert len(worker.publisher.posts) == 1
    assert [m for _, m in await stored_posts(core)] == ["m1"]


async def test_two_schedulers_racing_on_one_database_post_exactly_once(
    worker: Worker, second_core: Core, clock: FixedClock
) -> None:
    """Runs on SQLite and, when a server answers, on real PostgreSQL (two engines, two pools)."""
    await schedule_nine(worker, clock)
    other = await start_worker(second_core, "worker-b", seed=7)
    clock.current = berlin(2026, 11, 16, 9, 0)
    for _ in range(3):
        await asyncio.gather(
            *(
                w.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
                for w in (worker, other, worker, other)
            ),
            worker.daily.poster.catch_up(),
            other.daily.poster.catch_up(),
        )
    assert len(worker.publisher.posts) + len(other.publisher.posts) == 1
    assert len(await stored_posts(second_core)) == 1
