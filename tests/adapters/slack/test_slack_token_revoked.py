"""A revoked Slack token turns `prepbot health` red; a channel that refuses posts does not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.health import Heartbeat, platforms_connected
from adapters.slack.app import SlackAdapter, create_slack_adapter
from bot.bootstrap import build_core, build_router
from bot.models import Channel
from bot.ports import PostRefused
from bot.replies import Notice
from bot.settings import Settings
from tests.adapters.slack.conftest import http_settings, running, stop
from tests.adapters.slack.mock_slack import TEAM_ID, MockSlack


@pytest.fixture
async def slack(
    mock_slack: MockSlack, content_dir: Path, tmp_path: Path
) -> AsyncIterator[tuple[SlackAdapter, Settings]]:
    settings = http_settings(
        mock_slack,
        content_dir=content_dir,
        database_url=f"sqlite:///{tmp_path / 's.db'}",
        health_file=tmp_path / "heartbeat.json",
    )
    core = await build_core(settings)
    adapter = create_slack_adapter(settings, build_router(core))
    task = await running(adapter)
    yield adapter, settings
    await stop(adapter, task)
    await core.close()


async def test_a_revoked_token_is_reported_by_health(
    slack: tuple[SlackAdapter, Settings], mock_slack: MockSlack
) -> None:
    adapter, settings = slack
    heartbeat = Heartbeat(settings.health_file, lambda: {"slack": adapter.connected})
    mock_slack.refuse_channel("C0GONE", "not_in_channel")
    with pytest.raises(PostRefused):
        await adapter.publisher.post(
            Channel(platform="slack", community_id=TEAM_ID, channel_id="C0GONE"), Notice("Today's question")
        )
    heartbeat.beat()
    assert platforms_connected(settings) is None
    mock_slack.refuse_channel("C0STUDY", "token_revoked")
    with pytest.raises(PostRefused):
        await adapter.publisher.post(
            Channel(platform="slack", community_id=TEAM_ID, channel_id="C0STUDY"), Notice("Today's question")
        )
    heartbeat.beat()
    assert platforms_connected(settings) == "slack not connected"
