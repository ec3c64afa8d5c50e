"""The real AsyncIOScheduler: jobs rebuilt from the database, fired on time (time-machine moves
the wall clock; nothing waits for real), reveals scheduled, restarts without repeats."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import time_machine
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent

from bot.bootstrap import Core
from bot.replies import QuestionCard, Reveal
from scheduler.daily_jobs import DailyScheduler, daily_job_id, reveal_job_id
from tests.scheduler.conftest import CHANNEL, Worker, berlin, start_worker

WAIT = 5.0


class JobWatch:
    """Awaitable 'a job ran' notifications from the scheduler."""

    def __init__(self, scheduler: DailyScheduler) -> None:
        self.events: asyncio.Queue[JobExecutionEvent] = asyncio.Queue()
        scheduler.scheduler.add_listener(self.events.put_nowait, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    async def ran(self, job_id: str) -> None:
        while True:
            event = await asyncio.wait_for(self.events.get(), WAIT)
            if event.job_id == job_id:
                assert event.exception is None, event.traceback
                return


async def fire_at(
    traveller: time_machine.Coordinates,
    scheduler: DailyScheduler,
    watch: JobWatch,
    moment: datetime,
    job_id: str,
) -> None:
    traveller.move_to(moment)
    scheduler.scheduler.wakeup()
    await watch.ran(job_id)


async def test_jobs_follow_the_database_and_post_then_reveal_on_time(sqlite_core: Core) -> None:
    with time_machine.travel(berlin(2026, 11, 16, 8, 0), tick=False) as traveller:
        worker: Worker = await start_worker(sqlite_core, "live")
        await worker.command("/prep schedule set 09:00 Europe/Berlin reveal=8h")
        # No periodic sweep here: jumping the clock would fire it beside the channel's job, and
        # whichever claimed the post first would post it, racing the assertions below.
        scheduler = DailyScheduler(worker.daily.jobs, sweep_every=timedelta(days=30))
        watch = JobWatch(scheduler)
        await scheduler.start()
        try:
            job_id = daily_job_id(CHANNEL.platform, CHANNEL.channel_id)
            assert scheduler.next_run(CHANNEL.platform, CHANNEL.channel_id) == berlin(2026, 11, 16, 9, 0)
            await worker.command("/prep schedule set 10:15 Europe/Berlin reveal=8h")
            assert scheduler.next_run(CHANNEL.platform, CHANNEL.channel_id) == berlin(2026, 11, 16, 10, 15)
            await worker.command("/prep schedule pause")
            assert scheduler.next_run(CHANNEL.platform, CHANNEL.channel_id) is None
            await worker.command("/prep schedule resume")

            await fire_at(traveller, scheduler, watch, berlin(2026, 11, 16, 10, 15, 1), job_id)
            [(_, card, _)] = worker.publisher.posts
            assert isinstance(card, QuestionCard) and card.post_id is not None
            reveal_job = scheduler.scheduler.get_job(reveal_job_id(card.post_id))
            assert reveal_job.next_run_time == berlin(2026, 11, 16, 18, 15)
            await fire_at(
                traveller, scheduler, watch, berlin(2026, 11, 16, 18, 15, 1), reveal_job_id(card.post_id)
            )
            assert isinstance(worker.publisher.edits[-1][2], Reveal)
            assert scheduler.next_run(CHANNEL.platform, CHANNEL.channel_id) == berlin(2026, 11, 17, 10, 15)
        finally:
            await scheduler.shutdown()

        # A restart the same evening rebuilds the job and repeats nothing.
        restarted = await start_worker(sqlite_core, "live-restarted")
        again = DailyScheduler(restarted.daily.jobs)
        await again.start()
        try:
            assert again.next_run(CHANNEL.platform, CHANNEL.channel_id) == berlin(2026, 11, 17, 10, 15)
            assert restarted.publisher.posts == [] and restarted.publisher.edits == []
        finally:
            await again.shutdown()


async def test_a_restart_after_the_post_time_catches_up_at_start(sqlite_core: Core) -> None:
    with time_machine.travel(berlin(2026, 11, 16, 8, 0), tick=False) as traveller:
        worker = await start_worker(sqlite_core, "before")
        await worker.command("/prep schedule set 09:00 Europe/Berlin")
        traveller.move_to(datetime(2026, 11, 16, 11, 0, tzinfo=UTC))  # down from 08:00 to 12:00
        restarted = await start_worker(sqlite_core, "after")
        scheduler = DailyScheduler(restarted.daily.jobs)
        await scheduler.start()
        try:
            assert len(restarted.publisher.posts) == 1
            assert scheduler.scheduler.get_job(reveal_job_id(1)) is not None
        finally:
            await scheduler.shutdown()
