"""An archived channel or an uninstalled app pauses the daily schedules there, with the reason,
through the wiring `prepbot run` uses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from adapters.runner import pause_on_slack_removals
from adapters.slack.app import EVENTS_PATH, SlackAdapter, create_slack_adapter
from bot.bootstrap import App
from bot.daily.schedule import parse_schedule
from bot.daily.service import DailyService
from tests.adapters.slack.conftest import http_settings, running, stop
from tests.adapters.slack.mock_slack import TEAM_ID, MockSlack
from tests.adapters.slack.slack_client import ADMIN, SlackSender, command, shown
from tests.adapters.slack.test_slack_failures import removal_event


@pytest.fixture
async def wired(mock_slack: MockSlack, sqlite_app: App) -> AsyncIterator[tuple[SlackSender, DailyService]]:
    sqlite_core = sqlite_app.core
    settings = http_settings(
        mock_slack,
        content_dir=sqlite_core.settings.content_dir,
        database_url=sqlite_core.settings.database_url,
    )
    daily = sqlite_app.daily
    adapter: SlackAdapter = create_slack_adapter(settings, sqlite_app.dispatcher)
    daily.add_publisher(adapter.publisher)
    pause_on_slack_removals(adapter, daily.lost_channels)
    task = await running(adapter)
    yield SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}"), daily
    await stop(adapter, task)


async def paused(daily: DailyService, channel_id: str) -> bool:
    schedule = await daily.daily_store.get_schedule("slack", channel_id)
    return schedule is not None and schedule.paused


async def until_paused(daily: DailyService, channel_id: str) -> None:
    async with asyncio.timeout(5):
        while not await paused(daily, channel_id):
            await asyncio.sleep(0.02)


async def save_schedule(daily: DailyService, team: str, channel_id: str) -> None:
    spec = parse_schedule(("10:00", "UTC"), "UTC", daily.bank.topics)
    await daily.daily_store.save_schedule("slack", channel_id, team, spec, datetime.now(UTC), set_by=ADMIN)


async def schedule_set(slack: SlackSender) -> None:
    reply = await command(slack, "schedule set 09:00 UTC", user=ADMIN, name="grace")
    assert "Scheduled" in shown(reply)


async def test_an_archived_channel_pauses_its_schedule_and_says_why(
    wired: tuple[SlackSender, DailyService],
) -> None:
    slack, daily = wired
    await schedule_set(slack)
    await save_schedule(daily, TEAM_ID, "C0OTHER")
    assert await slack.event(removal_event("channel_archive", channel="C0STUDY", user="U1")) == (200, "")
    await until_paused(daily, "C0STUDY")
    assert not await paused(daily, "C0OTHER"), "only the archived channel pauses"
    text = shown(await command(slack, "schedule show", user=ADMIN, name="grace"))
    assert "Paused because the bot cannot post here: the channel was archived" in text
    assert "Unarchive the channel" in text
    assert "channel C0STUDY is paused" in text  # the admin's note, with their next reply


async def test_an_uninstalled_app_pauses_every_schedule_of_the_workspace_only(
    wired: tuple[SlackSender, DailyService],
) -> None:
    slack, daily = wired
    await schedule_set(slack)
    await save_schedule(daily, TEAM_ID, "C0OTHER")
    await save_schedule(daily, "T0ELSEWHERE", "C0FOREIGN")
    assert await slack.event(removal_event("app_uninstalled")) == (200, "")
    await until_paused(daily, "C0STUDY")
    await until_paused(daily, "C0OTHER")
    assert not await paused(daily, "C0FOREIGN"), "another workspace keeps its schedule"
    text = shown(await command(slack, "schedule show", user=ADMIN, name="grace"))
    assert "prepbot was uninstalled from the workspace" in text and "Reinstall the app" in text
