"""The scheduler's Publisher on Slack: chat.postMessage / chat.update by channel id, paced."""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import render
from bot.models import Channel
from bot.replies import Reply


class Pacer:
    """Spaces calls at least `interval` seconds apart, so posting to many channels never bursts."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._lock = asyncio.Lock()
        self._next_at = 0.0

    async def wait_turn(self) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            delay = self._next_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next_at = loop.time() + self.interval


class SlackPublisher:
    platform = "slack"

    def __init__(self, client: AsyncWebClient, interval: float = 1.0) -> None:
        # The client retries rate-limited calls itself (RateLimitErrorRetryHandler).
        self.client = client
        self.pacer = Pacer(interval)

    async def post(self, channel: Channel, reply: Reply) -> str:
        await self.pacer.wait_turn()
        response = await self.client.chat_postMessage(
            channel=channel.channel_id, **render(reply), unfurl_links=False, unfurl_media=False)
        return str(response["ts"])

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        await self.pacer.wait_turn()
        await self.client.chat_update(channel=channel.channel_id, ts=message_id, **render(reply))
