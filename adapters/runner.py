"""`prepbot run`: every configured platform plus the scheduler, in one event loop."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, TextIO

from adapters.chat_model import chat_model_from
from adapters.console.app import console_output, history_file, is_terminal, run_console
from adapters.console.publisher import ConsolePublisher
from adapters.health import Heartbeat
from adapters.metrics import PrometheusMetrics, metrics_route, serve_metrics, watch_database
from adapters.platform import PlatformAdapter
from adapters.shutdown import GatedDispatcher, StdinLines, stop_on_signals
from bot.bootstrap import App, bootstrap
from bot.daily.removals import LostChannels
from bot.ports import Publisher
from bot.retention import Retention
from bot.settings import Settings
from bot.storage.single_process import one_process_per_sqlite_file
from scheduler.daily_jobs import SWEEP_EVERY, DailyScheduler
from scheduler.retention_jobs import sweep_removed_communities

if TYPE_CHECKING:
    from adapters.discord.app import DiscordAdapter
    from adapters.slack.app import SlackAdapter
    from adapters.slack.lifecycle import Removal

log = logging.getLogger("prepbot.run")

DISCORD_SERVER_FIX = "Invite prepbot to the server again, then run /prep schedule resume there."
DISCORD_CHANNEL_FIX = "Schedule the daily question in another channel."


def platform_adapters(app: App) -> list[PlatformAdapter]:
    """The configured platforms; their removal events pause the schedules."""
    adapters: list[PlatformAdapter] = []
    settings, dispatcher = app.settings, app.dispatcher
    lost = app.daily.lost_channels
    retention = Retention(dispatcher.communities, settings.retention_days)
    if settings.discord_enabled:
        from adapters.discord.app import create_discord_adapter

        discord_adapter = create_discord_adapter(settings, dispatcher)
        pause_on_discord_removals(discord_adapter, lost, retention)
        adapters.append(discord_adapter)
    if settings.slack_enabled:
        from adapters.slack.app import create_slack_adapter

        slack_adapter = create_slack_adapter(settings, dispatcher)
        if settings.slack_http_mode and isinstance(dispatcher.metrics, PrometheusMetrics):
            slack_adapter.routes.append(metrics_route(dispatcher.metrics))
        pause_on_slack_removals(slack_adapter, lost, retention)
        adapters.append(slack_adapter)
    return adapters


def pause_on_discord_removals(
    adapter: DiscordAdapter, lost: LostChannels | None, retention: Retention | None = None
) -> None:
    """A deleted channel pauses its schedule; leaving a server pauses every one there and starts
    the countdown to deleting the server's data."""

    async def removed(server_id: str, channel_id: str | None, what: str) -> None:
        if channel_id is None and retention is not None:
            await retention.removed("discord", server_id)
        fix = DISCORD_SERVER_FIX if channel_id is None else DISCORD_CHANNEL_FIX
        if lost is not None:
            await lost.lost("discord", server_id, channel_id, what, fix)

    adapter.on_removal(removed)


def pause_on_slack_removals(
    adapter: SlackAdapter, lost: LostChannels | None, retention: Retention | None = None
) -> None:
    """An archived, deleted or left channel pauses its schedule; an uninstalled app or a
    revoked token pauses every one in the workspace and starts the countdown to deleting its data."""

    async def removed(removal: Removal) -> None:
        if removal.channel_id is None and retention is not None:
            await retention.removed("slack", removal.community_id)
        if lost is not None:
            await lost.lost("slack", removal.community_id, removal.channel_id, removal.reason, removal.fix)

    adapter.removal_listener = removed


@asynccontextmanager
async def daily_scheduler(
    app: App, publishers: Sequence[Publisher], *, sweep_every: timedelta = SWEEP_EVERY
) -> AsyncIterator[DailyScheduler]:
    """Register the publishers and run the daily-question scheduler in the current loop."""
    for publisher in publishers:
        app.daily.add_publisher(publisher)
    scheduler = DailyScheduler(app.daily.jobs, sweep_every=sweep_every, metrics=app.daily.metrics)
    await scheduler.start()
    try:
        yield scheduler
    finally:
        await scheduler.shutdown()


async def run_console_with_daily(
    app: App,
    user: str,
    stream: TextIO | None = None,
    out: TextIO | None = None,
    *,
    stop: asyncio.Event | None = None,
) -> None:
    """The console as one channel: commands typed here, scheduled posts printed here."""
    source = stream or sys.stdin
    output = console_output(source, out or sys.stdout)
    async with daily_scheduler(app, [ConsolePublisher(output)]):
        history = history_file(app.settings.database_url)
        await run_console(
            app.dispatcher,
            user,
            source,
            output,
            history=history,
            stop=stop,
            images=history.parent if app.settings.images else None,
            files=history.parent,
        )


SHUTDOWN_BUDGET = 8.0  # seconds from the signal to a closed database; containers allow 10


async def run_all(settings: Settings, console_user: str) -> None:
    """Serve until SIGTERM/SIGINT (or the console's end), then stop gracefully: refuse new
    commands, finish those in flight and the scheduler's jobs, close connections."""
    with one_process_per_sqlite_file(settings.database_url):
        await _run_all(settings, console_user)


async def _run_all(settings: Settings, console_user: str) -> None:
    metrics = PrometheusMetrics()
    app = await bootstrap(settings, grader=chat_model_from(settings), router=GatedDispatcher, metrics=metrics)
    # What start-up built (the bank above all) lives as long as the process: collections skip it.
    gc.freeze()
    gc.enable()
    watch_database(app.core.store.engine, metrics)
    stop = asyncio.Event()
    stop_on_signals(stop)
    assert isinstance(app.dispatcher, GatedDispatcher)
    adapters = platform_adapters(app)
    port = settings.metrics_port
    listener = None if port is None else await serve_metrics(metrics, settings.http_host, port)
    try:
        if not adapters:
            log.info("no platform token set: starting the console")
            await _console_until_stopped(app, console_user, stop)
        else:
            await serve_platforms(settings, app, app.dispatcher, adapters, stop)
    finally:
        if listener is not None:
            await listener.cleanup()
        await app.close()
    log.info("stopped")


async def _console_until_stopped(app: App, user: str, stop: asyncio.Event) -> None:
    if is_terminal(sys.stdin, sys.stdout):
        await run_console_with_daily(app, user, stop=stop)
        return
    lines = StdinLines(sys.stdin)
    ender = asyncio.create_task(stop.wait())
    ender.add_done_callback(lambda _: lines.close())
    try:
        await run_console_with_daily(app, user, lines)  # type: ignore[arg-type]
    finally:
        ender.cancel()


async def serve_platforms(
    settings: Settings,
    app: App,
    dispatcher: GatedDispatcher,
    adapters: Sequence[PlatformAdapter],
    stop: asyncio.Event,
) -> None:
    loop = asyncio.get_running_loop()
    heartbeat = Heartbeat(settings.health_file, lambda: {a.platform: a.connected for a in adapters})
    log.info("starting %s", ", ".join(a.platform for a in adapters))
    serving = [asyncio.create_task(a.start(), name=f"{a.platform} adapter") for a in adapters]
    for adapter in adapters:
        app.daily.add_publisher(adapter.publisher)
    scheduler = DailyScheduler(app.daily.jobs, metrics=app.daily.metrics)
    heartbeat.start()
    stopped = asyncio.create_task(stop.wait())
    try:
        await scheduler.start(ready=lambda: all_connected(adapters, serving))
        sweep_removed_communities(
            scheduler.scheduler, Retention(dispatcher.communities, settings.retention_days)
        )
        await asyncio.wait([*serving, stopped], return_when=asyncio.FIRST_COMPLETED)
    finally:
        deadline = loop.time() + SHUTDOWN_BUDGET
        heartbeat.stopping()
        stopped.cancel()
        log.info("stopping: refusing new commands, finishing those in flight")
        left = await dispatcher.drain(deadline - loop.time() - 2)
        if left:
            log.warning("%d command(s) still running at the deadline", left)
        await _bounded(scheduler.shutdown(), deadline - loop.time() - 1, "scheduler jobs")
        for adapter in adapters:
            await _bounded(adapter.close(), max(deadline - loop.time(), 0.5), f"{adapter.platform} close")
        await _bounded(asyncio.gather(*serving, return_exceptions=True), 0.5, "adapters")
        await heartbeat.stop()
    for task in serving:
        if task.done() and not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]


CONNECT_WAIT = 60.0  # seconds the first catch-up waits for every platform to connect
CONNECT_POLL = 0.2


async def all_connected(adapters: Sequence[PlatformAdapter], serving: Sequence[asyncio.Task[None]]) -> None:
    """Return once every platform is connected (the first catch-up then posts), or after
    CONNECT_WAIT if one is not (the sweep posts where it can; the next one does the rest)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CONNECT_WAIT
    while not all(adapter.connected for adapter in adapters):
        if loop.time() > deadline or all(task.done() for task in serving):
            log.warning("not every platform connected; catching up with those that are")
            return
        await asyncio.sleep(CONNECT_POLL)
    log.info("platforms connected: catching up on daily questions")


async def _bounded(work: Awaitable[object], timeout: float, what: str) -> None:
    try:
        async with asyncio.timeout(max(timeout, 0.1)):
            await work
    except TimeoutError:
        log.warning("%s did not finish within %.1f s; going on", what, timeout)
    except Exception:
        log.exception("%s failed while stopping", what)
