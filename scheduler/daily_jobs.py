"""APScheduler wiring for daily questions: one job per channel schedule, one per pending reveal,
and a sweep that catches up after downtime and picks up other processes' schedule changes.
Channel jobs that fire together (every channel posting at 09:00) run as one batch.

Jobs hold ids (platform, channel id, post id), never clients; the job store is in memory and
rebuilt from the database at start, so nothing is pickled and nothing goes stale.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.daily.ports import DailyJobs
from bot.daily.schedule import ScheduleSpec
from bot.log_context import log_ids
from bot.ports import Metrics, NoMetrics

log = logging.getLogger("prepbot.scheduler")

SWEEP_EVERY = timedelta(minutes=5)
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}


class DailyTrigger(BaseTrigger):
    """Fires at the schedule's local post time every day (DST-safe; see ScheduleSpec.occurrence).

    Every day, not only on posting weekdays: Monday's run posts the weekly leaderboard even when
    Monday has no question; the job itself decides what is due.
    """

    __slots__ = ("spec",)

    def __init__(self, spec: ScheduleSpec) -> None:
        self.spec = spec

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        after = previous_fire_time or now - timedelta(microseconds=1)
        return self.spec.next_after(after)

    def __str__(self) -> str:
        return f"daily at {self.spec.post_time:%H:%M} {self.spec.timezone}"


def daily_job_id(platform: str, channel_id: str) -> str:
    return f"daily:{platform}:{channel_id}"


def reveal_job_id(post_id: int) -> str:
    return f"reveal:{post_id}"


class DailyScheduler:
    def __init__(
        self,
        jobs: DailyJobs,
        *,
        sweep_every: timedelta = SWEEP_EVERY,
        scheduler: AsyncIOScheduler | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.jobs = jobs
        self.metrics = metrics or NoMetrics()
        self.sweep_every = sweep_every
        self.scheduler = scheduler or AsyncIOScheduler(timezone=UTC, job_defaults=JOB_DEFAULTS)
        self._specs: dict[str, ScheduleSpec] = {}
        self._running: set[asyncio.Task[None]] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._due: dict[tuple[str, str], None] = {}
        self._due_run: asyncio.Task[None] | None = None
        jobs.listen(self)
        self.scheduler.add_listener(self._started_late, EVENT_JOB_SUBMITTED)

    def _started_late(self, event: JobSubmissionEvent) -> None:
        if event.scheduled_run_times:
            late = datetime.now(UTC) - max(event.scheduled_run_times)
            self.metrics.scheduler_lag(max(late.total_seconds(), 0.0))

    async def _run(
        self, job: Callable[..., Awaitable[None]], *args: object, ids: dict[str, object] | None = None
    ) -> None:
        """Every job runs through here, so that shutdown can wait for the ones in flight and
        its log lines carry the channel or post it is about."""
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            with log_ids(**(ids or {})):
                await job(*args)
        finally:
            if task is not None:
                self._running.discard(task)

    async def start(self, *, ready: Callable[[], Awaitable[object]] | None = None) -> None:
        """Start in the running loop: jobs from the database, then a catch-up sweep, right
        away or (in the background) as soon as `ready` returns: when the platforms are
        connected, so the first sweep's posts do not fail for want of a connection."""
        self.scheduler.start()
        await self.sync_jobs()
        if ready is None:
            await self.sweep()
            self._every_sweep()
            return
        first = asyncio.create_task(self._first_sweep(ready))
        self._background.add(first)
        first.add_done_callback(self._background.discard)

    async def _first_sweep(self, ready: Callable[[], Awaitable[object]]) -> None:
        await ready()
        await self._run(self.sweep)
        if self.scheduler.running and self.scheduler.state != STATE_PAUSED:
            self._every_sweep()

    def _every_sweep(self) -> None:
        first = datetime.now(UTC) + self.sweep_every
        self.scheduler.add_job(
            self._run,
            IntervalTrigger(seconds=self.sweep_every.total_seconds(), start_date=first),
            args=[self.sweep],
            id="sweep",
            replace_existing=True,
        )

    async def shutdown(self) -> None:
        # Pause first: shutting down cancels the jobs in flight, and a post cancelled between
        # sending and recording its message id would be sent again by the next process.
        if self.scheduler.running:
            self.scheduler.pause()
        for waiting in self._background:
            if waiting not in self._running:
                waiting.cancel()  # still waiting for the platforms: nothing in flight
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.jobs.settle()

    async def sweep(self) -> None:
        try:
            await self.sync_jobs()
            await self.jobs.catch_up()
            await self._reveal_jobs()
        except Exception:
            log.exception("daily sweep failed; the next one retries")

    async def sync_jobs(self) -> None:
        """Make the channel jobs match the schedules stored in the database."""
        wanted = {daily_job_id(s.platform, s.channel_id): s for s in await self.jobs.active_schedules()}
        for job_id in [j for j in self._specs if j not in wanted]:
            self._remove(job_id)
        for job_id, schedule in wanted.items():
            if self._specs.get(job_id) != schedule.spec:
                self._add_daily(job_id, schedule.platform, schedule.channel_id, schedule.spec)
        await self._reveal_jobs()

    def _add_daily(self, job_id: str, platform: str, channel_id: str, spec: ScheduleSpec) -> None:
        self.scheduler.add_job(
            self._run,
            DailyTrigger(spec),
            args=[self.channel_due, platform, channel_id],
            id=job_id,
            kwargs={"ids": {"channel": channel_id}},
            name=job_id,
            replace_existing=True,
        )
        self._specs[job_id] = spec

    async def channel_due(self, platform: str, channel_id: str) -> None:
        """A channel's job (what APScheduler runs): joins the batch of the channels due with it
        and waits for it. APScheduler starts every job due at one moment before any of them
        runs, so the batch, started by the first, runs after all of them have joined."""
        self._due[platform, channel_id] = None
        if self._due_run is None:
            self._due_run = asyncio.create_task(self._run_due())
        await asyncio.shield(self._due_run)

    async def _run_due(self) -> None:
        channels, self._due, self._due_run = list(self._due), {}, None
        try:
            await self.jobs.run_schedules(channels)
        except Exception:
            log.exception("the daily jobs of %d channels failed; the next sweep retries", len(channels))

    def _remove(self, job_id: str) -> None:
        self._specs.pop(job_id, None)
        if self.scheduler.get_job(job_id) is not None:
            self.scheduler.remove_job(job_id)

    async def _reveal_jobs(self) -> None:
        for post_id, closes_at in await self.jobs.pending_reveals():
            if self.scheduler.get_job(reveal_job_id(post_id)) is None:
                self.post_published(post_id, closes_at)

    # ScheduleChangeListener

    def post_published(self, post_id: int, closes_at: datetime) -> None:
        self.scheduler.add_job(
            self._run,
            DateTrigger(run_date=closes_at),
            args=[self.jobs.reveal, post_id],
            id=reveal_job_id(post_id),
            kwargs={"ids": {"post": post_id}},
            replace_existing=True,
        )

    async def schedule_changed(self, platform: str, channel_id: str) -> None:
        job_id = daily_job_id(platform, channel_id)
        spec = await self.jobs.active_schedule(platform, channel_id)
        if spec is None:
            self._remove(job_id)
        else:
            self._add_daily(job_id, platform, channel_id, spec)

    def next_run(self, platform: str, channel_id: str) -> datetime | None:
        job = self.scheduler.get_job(daily_job_id(platform, channel_id))
        return None if job is None else job.next_run_time
