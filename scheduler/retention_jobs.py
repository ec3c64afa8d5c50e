"""The hourly job that deletes the data of communities that removed the bot longer ago than
PREPBOT_RETENTION_DAYS (bot.retention); a deletion is one transaction, so stopping mid-way is safe."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger("prepbot.scheduler")
RETENTION_SWEEP_EVERY = timedelta(hours=1)


class Retention(Protocol):
    """What the job runs (bot.retention.Retention)."""

    async def sweep(self) -> object: ...


async def sweep_once(retention: Retention) -> None:
    try:
        await retention.sweep()
    except Exception:
        log.exception("the retention sweep failed; the next one retries")


def sweep_removed_communities(
    scheduler: AsyncIOScheduler, retention: Retention, every: timedelta = RETENTION_SWEEP_EVERY
) -> None:
    """Sweep now and then every `every` (an interval job runs first after one interval)."""
    scheduler.add_job(sweep_once, args=[retention], id="retention-sweep-now", replace_existing=True)
    scheduler.add_job(
        sweep_once,
        IntervalTrigger(seconds=every.total_seconds()),
        args=[retention],
        id="retention-sweep",
        replace_existing=True,
    )
