"""Posts replies to Discord channels for the scheduler, and edits them later."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

from adapters.discord import post_search
from adapters.discord.interactions import NO_MENTIONS
from adapters.discord.render import render
from bot.models import Channel
from bot.replies import Reply


class DiscordPublisher:
    """discord.py waits out rate limits itself (per route and global), so there is no retry here."""

    platform = "discord"
    # discord.py sets no request timeout shorter than aiohttp's five minutes; a call the Outbox
    # abandons after 2 x 60 + 30 s is looked for before it is sent again, and its nonce makes
    # Discord answer a repeated send with the first message.
    timeout = 60.0

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def _messageable(self, channel: Channel) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(int(channel.channel_id))

    async def post(self, channel: Channel, reply: Reply) -> str:
        shown = render(reply)
        nonce = post_search.post_nonce(reply)
        extra: dict[str, Any] = {"nonce": nonce} if nonce else {}
        if shown.view is not None:
            message = await self._messageable(channel).send(
                embed=shown.embed, view=shown.view, allowed_mentions=NO_MENTIONS, **extra)
        else:
            message = await self._messageable(channel).send(
                embed=shown.embed, allowed_mentions=NO_MENTIONS, **extra)
        return str(message.id)

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        """Replace the message; a reply without buttons (a reveal) removes the old ones."""
        shown = render(reply)
        message = self._messageable(channel).get_partial_message(int(message_id))
        await message.edit(embed=shown.embed, view=shown.view, allowed_mentions=NO_MENTIONS)

    async def find_post(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        return await post_search.find_post(self.client, channel.channel_id, post_id)
