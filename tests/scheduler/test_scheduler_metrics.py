"""The real scheduler reports how late its jobs start, and a daily question sent late counts as late."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from adapters.metrics import PrometheusMetrics
from bot.bootstrap import Core
from scheduler.daily_jobs import DailyScheduler, daily_job_id
from tests.scheduler.conftest import CHANNEL, berlin, start_worker
from tests.scheduler.test_scheduler_wiring import JobWatch, fire_at


async def test_a_job_started_two_minutes_late_is_measured_and_its_post_counted_late(
    sqlite_core: Core,
) -> None:
    with time_machine.travel(berlin(2026, 11, 16, 8, 0), tick=False) as traveller:
        worker = await start_worker(sqlite_core, "live")
        metrics = PrometheusMetrics()
        worker.daily.poster.outbox.metrics = metrics
        await worker.command("/prep schedule set 09:00 Europe/Berlin")
        scheduler = DailyScheduler(worker.daily.jobs, sweep_every=timedelta(days=30), metrics=metrics)
        watch = JobWatch(scheduler)
        await scheduler.start()
        try:
            job_id = daily_job_id(CHANNEL.platform, CHANNEL.channel_id)
            await fire_at(traveller, scheduler, watch, berlin(2026, 11, 16, 9, 2), job_id)
        finally:
            await scheduler.shutdown()
    counted = metrics.registry.get_sample_value
    assert counted("prepbot_scheduler_lag_seconds_count") == 1
    assert counted("prepbot_scheduler_lag_seconds_sum") == 120
    assert counted("prepbot_daily_posts_total", {"outcome": "sent", "reason": ""}) == 1
    assert counted("prepbot_daily_posts_total", {"outcome": "late", "reason": "caught_up"}) == 1
