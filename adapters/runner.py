"""`prepbot run`: every configured platform plus the scheduler, in one event loop."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import TextIO

from adapters.console.app import run_console
from adapters.console.publisher import ConsolePublisher
from adapters.platform import PlatformAdapter
from bot.bootstrap import Core, build_core
from bot.daily import DailyService, build_daily
from bot.daily_outbox import Outbox
from bot.dispatch import Dispatcher
from bot.ports import Publisher
from bot.settings import Settings
from scheduler.daily_jobs import DailyScheduler

log = logging.getLogger("prepbot.run")


def platform_adapters(core: Core, dispatcher: Dispatcher) -> list[PlatformAdapter]:
    adapters: list[PlatformAdapter] = []
    if core.settings.discord_enabled:
        from adapters.discord.app import create_discord_adapter

        adapters.append(create_discord_adapter(core.settings, dispatcher))
    if core.settings.slack_enabled:
        from adapters.slack.app import create_slack_adapter

        adapters.append(create_slack_adapter(core.settings, dispatcher))
    return adapters


@asynccontextmanager
async def daily_scheduler(daily: DailyService, publishers: Sequence[Publisher], *,
                          first_sweep_after: timedelta = timedelta(0)) -> AsyncIterator[DailyScheduler]:
    """Register the publishers and run the daily-question scheduler in the current loop."""
    for publisher in publishers:
        daily.poster.outbox.register(publisher)
    scheduler = DailyScheduler(daily.poster)
    await scheduler.start(first_sweep_after=first_sweep_after)
    try:
        yield scheduler
    finally:
        await scheduler.shutdown()


async def run_console_with_daily(core: Core, user: str, stream: TextIO | None = None,
                                 out: TextIO | None = None) -> None:
    """The console as one channel: commands typed here, scheduled posts printed here."""
    daily = build_daily(core, Outbox())
    output = out or sys.stdout
    async with daily_scheduler(daily, [ConsolePublisher(output)]):
        await run_console(Dispatcher(core.service, daily), user, stream, output)


async def run_all(settings: Settings, console_user: str) -> None:
    core = await build_core(settings)
    daily = build_daily(core, Outbox())
    dispatcher = Dispatcher(core.service, daily)
    adapters = platform_adapters(core, dispatcher)
    try:
        if not adapters:
            log.info("no platform token set: starting the console")
            await run_console_with_daily(core, console_user)
            return
        log.info("starting %s", ", ".join(a.platform for a in adapters))
        # The first catch-up waits a little so the platforms have connected before it posts.
        async with daily_scheduler(daily, [a.publisher for a in adapters],
                                   first_sweep_after=timedelta(seconds=30)):
            await asyncio.gather(*(adapter.start() for adapter in adapters))
    finally:
        for adapter in adapters:
            await adapter.close()
        await core.close()
