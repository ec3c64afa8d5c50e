"""Discord's error answers reach the metrics, counted from discord.py's own HTTP session."""

from __future__ import annotations

import pytest

from adapters.discord.call_metrics import counting_trace
from adapters.metrics import PrometheusMetrics
from bot.models import Channel
from bot.ports import PostRefused
from bot.replies import Notice
from bot.settings import Settings
from tests.adapters.discord.fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.adapters.discord.harness import start_bot

CHANNEL = Channel(platform="discord", community_id=str(GUILD_ID), channel_id=str(CHANNEL_ID))


async def test_a_rate_limit_and_a_refused_post_are_counted(settings: Settings, fake: FakeDiscord) -> None:
    metrics = PrometheusMetrics()
    bot = await start_bot(settings, fake, http_trace=counting_trace(metrics))
    try:
        fake.rate_limited = 1
        await bot.adapter.publisher.post(CHANNEL, Notice("first"))  # discord.py waits and retries
        fake.refuse(CHANNEL_ID, 403, 50013, "Missing Permissions")
        with pytest.raises(PostRefused):
            await bot.adapter.publisher.post(CHANNEL, Notice("second"))
    finally:
        await bot.stop()
    counted = metrics.registry.get_sample_value
    assert counted("prepbot_platform_errors_total", {"platform": "discord", "error": "http_403"}) == 1
    assert counted("prepbot_platform_rate_limited_total", {"platform": "discord"}) == 1
