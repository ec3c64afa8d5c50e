"""`prepbot run`: every configured platform plus the scheduler, in one event loop."""

from __future__ import annotations

import asyncio
import logging

from adapters.console.app import run_console
from adapters.platform import PlatformAdapter
from bot.bootstrap import Core, build_core
from bot.dispatch import Dispatcher
from bot.settings import Settings

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


async def run_all(settings: Settings, console_user: str) -> None:
    core = await build_core(settings)
    dispatcher = Dispatcher(core.service)
    adapters = platform_adapters(core, dispatcher)
    try:
        if not adapters:
            log.info("no platform token set: starting the console")
            await run_console(dispatcher, console_user)
            return
        log.info("starting %s", ", ".join(a.platform for a in adapters))
        await asyncio.gather(*(adapter.start() for adapter in adapters))
    finally:
        for adapter in adapters:
            await adapter.close()
        await core.close()
