"""Fixtures: the mock Slack, the real adapter (HTTP or Socket Mode) and a signed-request sender."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.slack.app import EVENTS_PATH, SlackAdapter, create_slack_adapter
from bot.bootstrap import Core, build_core, build_daily, build_router
from bot.daily.outbox import Outbox
from bot.settings import Settings
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import ADMIN, MEMBER, SIGNING_SECRET, SlackSender, free_port
from tests.conftest import FixedClock

BOT_TOKEN = "xoxb-test-bot-token"
APP_TOKEN = "xapp-test-app-token"


@pytest.fixture
async def mock_slack() -> AsyncIterator[MockSlack]:
    mock = MockSlack()
    await mock.start()
    mock.add_user(MEMBER, "ada")
    mock.add_user(ADMIN, "grace", admin=True)
    yield mock
    await mock.stop()
    assert [f"{c.method}: {c.error}" for c in mock.invalid] == [], "Slack would refuse these"


async def running(adapter: SlackAdapter) -> asyncio.Task[None]:
    task = asyncio.create_task(adapter.start())
    ready = asyncio.create_task(adapter.ready.wait())
    done, _ = await asyncio.wait({task, ready}, timeout=5, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()
    assert ready in done, "the Slack adapter did not start within 5 s"
    return task


def http_settings(mock_slack: MockSlack, **values: Any) -> Settings:
    """Settings for the real adapter in HTTP mode on a free port, talking to the mock Slack."""
    return Settings(
        bundled_questions=False,
        slack_bot_token=BOT_TOKEN,
        slack_app_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=mock_slack.api_url,
        http_port=free_port(),
        **values,
    )


async def stop(adapter: SlackAdapter, task: asyncio.Task[None]) -> None:
    await adapter.close()
    async with asyncio.timeout(5):
        await task


@pytest.fixture
async def http_adapter(mock_slack: MockSlack, sqlite_core: Core) -> AsyncIterator[SlackAdapter]:
    settings = http_settings(
        mock_slack,
        content_dir=sqlite_core.settings.content_dir,
        database_url=sqlite_core.settings.database_url,
        admins="slack:UCONFIG",
    )
    adapter = create_slack_adapter(settings, build_router(sqlite_core))
    task = await running(adapter)
    yield adapter
    await stop(adapter, task)


@pytest.fixture
def slack(mock_slack: MockSlack, http_adapter: SlackAdapter) -> SlackSender:
    return SlackSender(mock_slack, f"http://127.0.0.1:{http_adapter.port}{EVENTS_PATH}")


@pytest.fixture
async def socket_adapter(mock_slack: MockSlack, sqlite_core: Core) -> AsyncIterator[SlackAdapter]:
    settings = Settings(
        bundled_questions=False,
        content_dir=sqlite_core.settings.content_dir,
        database_url=sqlite_core.settings.database_url,
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_signing_secret=None,
        slack_api_url=mock_slack.api_url,
    )
    adapter = create_slack_adapter(settings, build_router(sqlite_core))
    task = await running(adapter)
    yield adapter
    await stop(adapter, task)


@pytest.fixture
async def timed_slack(
    mock_slack: MockSlack, content_dir: Path, tmp_path: Path, clock: FixedClock
) -> AsyncIterator[SlackSender]:
    """The HTTP adapter on its own core whose clock the test moves."""
    settings = http_settings(
        mock_slack, content_dir=content_dir, database_url=f"sqlite:///{tmp_path / 's.db'}"
    )
    core = await build_core(settings, clock=clock)
    adapter = create_slack_adapter(settings, build_router(core))
    task = await running(adapter)
    yield SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}")
    await stop(adapter, task)
    await core.close()


@contextlib.asynccontextmanager
async def serving_daily(mock_slack: MockSlack, core: Core) -> AsyncIterator[SlackSender]:
    """The real adapter in HTTP mode over `core` with daily questions, posting to the mock."""
    settings = http_settings(
        mock_slack, content_dir=core.settings.content_dir, database_url=core.settings.database_url
    )
    outbox = Outbox()
    dispatcher = build_router(core, build_daily(core, outbox))
    adapter = create_slack_adapter(settings, dispatcher)
    outbox.register(adapter.publisher)
    task = await running(adapter)
    try:
        yield SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}")
    finally:
        await stop(adapter, task)
