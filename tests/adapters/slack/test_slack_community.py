"""`/prep config` and `/prep privacy` through the real Bolt app, signed requests and the mock
Slack, on SQLite and PostgreSQL: a user group as the admin role, a non-admin refused, and a
member's data export uploaded to their DM."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from adapters.runner import pause_on_slack_removals
from adapters.slack.app import EVENTS_PATH, SlackAdapter, create_slack_adapter
from bot.bootstrap import build_core, build_router
from bot.dispatch import Dispatcher
from bot.retention import Retention
from tests.adapters.slack.conftest import http_settings, running, stop
from tests.adapters.slack.mock_slack import TEAM_ID, MockSlack
from tests.adapters.slack.slack_client import ADMIN, MEMBER, SlackSender, command, shown
from tests.adapters.slack.test_slack_failures import removal_event

MENTOR = "UMENTOR"
DISPATCHERS: dict[SlackAdapter, Dispatcher] = {}


@pytest.fixture
async def adapter(mock_slack: MockSlack, content_dir: Path, database_url: str) -> AsyncIterator[SlackAdapter]:
    settings = http_settings(mock_slack, content_dir=content_dir, database_url=database_url)
    core = await build_core(settings)
    dispatcher = build_router(core)
    running_adapter = create_slack_adapter(settings, dispatcher)
    pause_on_slack_removals(running_adapter, None, Retention(dispatcher.communities, days=30))
    DISPATCHERS[running_adapter] = dispatcher
    task = await running(running_adapter)
    yield running_adapter
    await stop(running_adapter, task)
    await core.close()


@pytest.fixture
def slack(mock_slack: MockSlack, adapter: SlackAdapter) -> SlackSender:
    mock_slack.add_user(MENTOR, "mentor")
    mock_slack.add_user_group("S0MENTORS", "mentors", "Mentors", [MENTOR])
    return SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}")


async def test_a_user_group_becomes_the_admin_role(slack: SlackSender) -> None:
    refused = shown(await command(slack, "config timezone Asia/Tokyo", user=MENTOR, name="mentor"))
    assert "Only admins can use /prep config." in refused
    missing = shown(await command(slack, "config admin-role @wizards", user=ADMIN, name="grace"))
    assert "There is no user group called '@wizards' here, so nothing was changed." in missing
    named = shown(await command(slack, "config admin-role @mentors", user=ADMIN, name="grace"))
    assert "admin-role: mentors" in named
    changed = shown(await command(slack, "config timezone Asia/Tokyo", user=MENTOR, name="mentor"))
    assert "timezone: Asia/Tokyo" in changed
    by_mention = shown(
        await command(slack, "config admin-role <!subteam^S0MENTORS|@mentors>", user=ADMIN, name="grace")
    )
    assert "admin-role: mentors" in by_mention
    bad_zone = shown(await command(slack, "config timezone Mars/Olympus", user=MENTOR, name="mentor"))
    assert "Unknown timezone 'Mars/Olympus'" in bad_zone
    assert "timezone: Asia/Tokyo" in shown(await command(slack, "config", user=MENTOR, name="mentor"))
    unknown = shown(await command(slack, "config colour blue", user=ADMIN, name="grace"))
    assert "Unknown setting 'colour'" in unknown and "weekly-board" in unknown
    assert "Only admins" in shown(await command(slack, "config"))


async def test_export_goes_to_the_dm_and_forget_needs_confirmation(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    assert "Nothing is stored about you here" in shown(await command(slack, "privacy export"))
    assert not mock_slack.named("files.completeUploadExternal")
    await command(slack, "quiz fundamentals easy")
    await command(slack, "answer B")
    note = shown(await command(slack, "privacy export"))
    assert "is in your direct message with prepbot" in note
    [export] = mock_slack.shared_files(mock_slack.direct_channels[MEMBER])
    assert export.filename == f"prepbot-data-slack-{MEMBER}.json" and export.content is not None
    assert [a["response"] for a in json.loads(export.content)["answers"]] == ["B"]

    assert "You are hidden from public boards" in shown(await command(slack, "privacy hide"))
    public = await command(slack, "leaderboard all", user=ADMIN, name="grace")
    assert "Nobody has scored yet" in shown(public) and public.body["response_type"] == "in_channel"
    own = await command(slack, "leaderboard all")
    assert "*Your rank:* 1. ada" in shown(own) and own.body["response_type"] == "ephemeral"
    assert "/prep privacy forget confirm" in shown(await command(slack, "privacy forget"))
    assert "1/1 correct" in shown(await command(slack, "stats"))
    assert "is deleted" in shown(await command(slack, "privacy forget confirm"))
    assert "Nothing is stored about you here" in shown(await command(slack, "privacy forget confirm"))


async def test_an_uninstall_marks_the_workspace_for_deletion_until_it_is_used_again(
    slack: SlackSender, adapter: SlackAdapter
) -> None:
    communities = DISPATCHERS[adapter].communities
    assert await slack.event(removal_event("app_uninstalled")) == (200, "")
    await until(lambda: communities.store.is_removed(f"slack:{TEAM_ID}"), True)
    await command(slack, "topics")
    assert not await communities.store.is_removed(f"slack:{TEAM_ID}")


async def until(check: Callable[[], Awaitable[bool]], wanted: bool) -> None:
    async with asyncio.timeout(5):
        while await check() != wanted:
            await asyncio.sleep(0.02)
