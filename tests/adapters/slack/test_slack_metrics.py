"""In HTTP mode the Slack listener also serves /metrics; Slack's errors and 429s are counted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.metrics import PrometheusMetrics
from adapters.runner import platform_adapters
from adapters.slack.app import EVENTS_PATH, SlackAdapter
from bot.bootstrap import App, build_router
from bot.models import Channel
from bot.ports import PostRefused
from bot.replies import Notice
from tests.adapters.slack.conftest import http_settings, running, stop
from tests.adapters.slack.mock_slack import TEAM_ID, MockSlack
from tests.adapters.slack.slack_client import SlackSender, command


@pytest.fixture
async def metered(mock_slack: MockSlack, sqlite_app: App) -> AsyncIterator[SlackAdapter]:
    sqlite_core = sqlite_app.core
    sqlite_core.service.metrics = PrometheusMetrics()
    settings = http_settings(
        mock_slack,
        content_dir=sqlite_core.settings.content_dir,
        database_url=sqlite_core.settings.database_url,
    )
    # A router built after the metrics are set counts into them.
    app = replace(
        sqlite_app, core=replace(sqlite_core, settings=settings), dispatcher=build_router(sqlite_core)
    )
    (adapter,) = platform_adapters(app)
    assert isinstance(adapter, SlackAdapter)
    task = await running(adapter)
    yield adapter
    await stop(adapter, task)


async def scraped(adapter: SlackAdapter) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{adapter.port}/metrics") as response,
    ):
        assert response.status == 200
        body = await response.text()
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }


async def test_the_http_listener_serves_metrics_of_what_members_did(
    mock_slack: MockSlack, metered: SlackAdapter
) -> None:
    adapter = metered
    slack = SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}")
    await command(slack, "quiz fundamentals easy")
    await command(slack, "answer A")
    samples = await scraped(adapter)
    assert samples[("prepbot_commands_total", frozenset({("command", "quiz"), ("outcome", "ok")}))] == 1
    assert samples[("prepbot_answers_total", frozenset({("kind", "choice"), ("verdict", "wrong")}))] == 1


async def test_slack_refusals_and_rate_limits_are_counted(
    mock_slack: MockSlack, metered: SlackAdapter
) -> None:
    adapter = metered
    mock_slack.fail_next("chat.postMessage", status=429, retry_after=0)
    await adapter.publisher.post(
        Channel(platform="slack", community_id=TEAM_ID, channel_id="CSTUDY"), Notice("hi")
    )
    mock_slack.refuse_channel("CGONE", "channel_not_found")
    with pytest.raises(PostRefused):
        await adapter.publisher.post(
            Channel(platform="slack", community_id=TEAM_ID, channel_id="CGONE"), Notice("hi")
        )
    samples = await scraped(adapter)
    assert samples[("prepbot_platform_rate_limited_total", frozenset({("platform", "slack")}))] == 1
    errors = frozenset({("platform", "slack"), ("error", "channel_not_found")})
    assert samples[("prepbot_platform_errors_total", errors)] == 1
