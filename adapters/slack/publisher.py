"""The scheduler's Publisher on Slack: chat.postMessage / chat.update by channel id.

The core's Outbox paces the calls; the client retries rate-limited calls itself
(RateLimitErrorRetryHandler), so neither is repeated here.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import post_search
from adapters.slack.render import render
from bot.models import Channel
from bot.replies import Reply


class SlackPublisher:
    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    @property
    def timeout(self) -> float:
        """Seconds the client waits for one HTTP call (the Outbox waits longer)."""
        return float(self.client.timeout)

    async def post(self, channel: Channel, reply: Reply) -> str:
        response = await self.client.chat_postMessage(
            channel=channel.channel_id, **render(reply), unfurl_links=False, unfurl_media=False,
            metadata=post_search.post_metadata(reply))
        return str(response["ts"])

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        await self.client.chat_update(channel=channel.channel_id, ts=message_id, **render(reply))

    async def find_post(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        return await post_search.find_post(self.client, channel.channel_id, post_id, since)
