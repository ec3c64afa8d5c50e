"""Many channels due at once go through one batched sweep (the scheduler's channel jobs join
it): still one post per channel and day, whoever runs it and however often."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import select

from bot.bootstrap import Core
from bot.models import Channel
from bot.replies import Notice, QuestionCard, Tone
from bot.storage.tables import posts
from scheduler.daily_jobs import DailyScheduler
from tests.conftest import FixedClock
from tests.scheduler.conftest import CHANNEL, Worker, berlin, start_worker

CHANNELS = [
    Channel(platform=CHANNEL.platform, community_id=f"guild-{index % 3}", channel_id=f"room-{index}")
    for index in range(12)
]


async def schedule(worker: Worker, clock: FixedClock, channels: list[Channel], at: str = "09:00") -> None:
    clock.current = berlin(2026, 11, 17, 8, 0)  # a Tuesday morning: no weekly board
    for channel in channels:
        reply = await worker.command(f"/prep schedule set {at} Europe/Berlin", channel=channel)
        assert isinstance(reply, Notice) and reply.tone == Tone.SUCCESS, reply


async def due_together(worker: Worker, channels: list[Channel]) -> None:
    """Every channel's job fires in the same second, as APScheduler runs them."""
    jobs = DailyScheduler(worker.daily.jobs)
    await asyncio.gather(*(jobs.channel_due(c.platform, c.channel_id) for c in channels))


def cards(*workers: Worker) -> Counter[str]:
    return Counter(
        channel.channel_id
        for w in workers
        for channel, reply, _ in w.publisher.posts
        if isinstance(reply, QuestionCard)
    )


async def stored(core: Core) -> list[tuple[str, str, str | None]]:
    query = select(posts.c.channel_id, posts.c.question_id, posts.c.message_id)
    async with core.store.engine.connect() as conn:
        return [(row.channel_id, row.question_id, row.message_id) for row in await conn.execute(query)]


async def test_every_channel_gets_one_post_when_two_processes_sweep_twice(
    worker: Worker, second_core: Core, clock: FixedClock
) -> None:
    """Runs on a SQLite file and, when a server answers, on real PostgreSQL."""
    await schedule(worker, clock, CHANNELS)
    other = await start_worker(second_core, "worker-b", seed=7)
    clock.current = berlin(2026, 11, 17, 9, 0)
    for _ in range(2):
        await asyncio.gather(
            due_together(worker, CHANNELS),
            due_together(other, CHANNELS[::-1]),
            worker.daily.poster.catch_up(),
            other.daily.poster.catch_up(),
        )
    assert cards(worker, other) == {c.channel_id: 1 for c in CHANNELS}
    rows = await stored(second_core)
    assert sorted(channel for channel, _, _ in rows) == sorted(c.channel_id for c in CHANNELS)
    assert all(message_id is not None for _, _, message_id in rows)


async def test_channels_of_one_community_get_different_questions(worker: Worker, clock: FixedClock) -> None:
    await schedule(worker, clock, CHANNELS)
    clock.current = berlin(2026, 11, 17, 9, 0)
    await due_together(worker, CHANNELS)
    questions = {
        channel.channel_id: reply.question_id
        for channel, reply, _ in worker.publisher.posts
        if isinstance(reply, QuestionCard)
    }
    for community in {c.community_id for c in CHANNELS}:
        mine = [questions[c.channel_id] for c in CHANNELS if c.community_id == community]
        assert len(set(mine)) == len(mine)


async def test_a_channel_already_posted_today_is_not_posted_again(worker: Worker, clock: FixedClock) -> None:
    await schedule(worker, clock, CHANNELS[:2])
    clock.current = berlin(2026, 11, 17, 8, 30)
    posted = await worker.command("/prep post-now", channel=CHANNELS[0])
    assert isinstance(posted, Notice) and posted.tone == Tone.SUCCESS, posted
    clock.current = berlin(2026, 11, 17, 9, 0)
    await due_together(worker, CHANNELS[:2])
    await worker.daily.poster.catch_up()
    assert cards(worker) == {CHANNELS[0].channel_id: 1, CHANNELS[1].channel_id: 1}


async def test_each_schedule_posts_at_its_own_minute(worker: Worker, clock: FixedClock) -> None:
    early, late = CHANNELS[:3], CHANNELS[3:6]
    await schedule(worker, clock, early, "09:00")
    await schedule(worker, clock, late, "09:30")
    clock.current = berlin(2026, 11, 17, 9, 0)
    await due_together(worker, early + late)  # a late channel's job run early posts nothing
    assert cards(worker) == {c.channel_id: 1 for c in early}
    clock.current = berlin(2026, 11, 17, 9, 29)
    await worker.daily.poster.catch_up()
    assert set(cards(worker)) == {c.channel_id for c in early}
    clock.current = berlin(2026, 11, 17, 9, 30)
    await due_together(worker, late)
    assert cards(worker) == {c.channel_id: 1 for c in early + late}


async def test_a_sweep_killed_mid_send_is_finished_once_by_the_next_process(
    worker: Worker, second_core: Core, clock: FixedClock
) -> None:
    await schedule(worker, clock, CHANNELS[:4])
    clock.current = berlin(2026, 11, 17, 9, 0)
    worker.publisher.stall = asyncio.Event()  # the platform calls never return ...
    sweep = asyncio.create_task(due_together(worker, CHANNELS[:4]))
    while worker.publisher.calls < 4:
        await asyncio.sleep(0)
    sweep.cancel()  # ... and the process dies with the posts claimed but not sent
    with pytest.raises(asyncio.CancelledError):
        await sweep
    restarted = await start_worker(second_core, "worker-restarted")
    clock.current = berlin(2026, 11, 17, 9, 2)
    await restarted.daily.poster.catch_up()  # the dead worker's leases still hold
    assert restarted.publisher.posts == []
    clock.current = berlin(2026, 11, 17, 9, 6)
    await restarted.daily.poster.catch_up()
    await restarted.daily.poster.catch_up()
    assert cards(restarted) == {c.channel_id: 1 for c in CHANNELS[:4]}
    assert restarted.publisher.lookups == 4  # each looked for before it was sent again
    assert all(message_id is not None for _, _, message_id in await stored(second_core))
