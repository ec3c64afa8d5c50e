"""The scheduler job `prepbot run` starts deletes overdue communities at once and then hourly."""

from __future__ import annotations

import asyncio
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.bootstrap import Core, build_router
from bot.retention import Retention
from scheduler.retention_jobs import RETENTION_SWEEP_EVERY, sweep_removed_communities
from tests.conftest import FixedClock


async def test_the_sweep_job_deletes_an_overdue_community(core: Core, clock: FixedClock) -> None:
    communities = build_router(core).communities
    retention = Retention(communities, days=30, clock=clock)
    await retention.removed("slack", "T0GONE")
    clock.advance(days=31)
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start()
    try:
        sweep_removed_communities(scheduler, retention)
        [hourly] = [job for job in scheduler.get_jobs() if job.id == "retention-sweep"]
        assert hourly.trigger.interval == RETENTION_SWEEP_EVERY
        async with asyncio.timeout(5):
            while await communities.store.is_removed("slack:T0GONE"):
                await asyncio.sleep(0.02)
        assert await communities.store.removed_before(clock.now()) == []
    finally:
        scheduler.shutdown(wait=False)
