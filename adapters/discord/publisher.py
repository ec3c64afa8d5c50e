"""Posts replies to Discord channels for the scheduler, and edits them later."""

from __future__ import annotations

import discord

from adapters.discord.interactions import NO_MENTIONS
from adapters.discord.render import render
from bot.models import Channel
from bot.replies import Reply


class DiscordPublisher:
    """discord.py waits out rate limits itself (per route and global), so there is no retry here."""

    platform = "discord"

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def _messageable(self, channel: Channel) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(int(channel.channel_id))

    async def post(self, channel: Channel, reply: Reply) -> str:
        shown = render(reply)
        if shown.view is not None:
            message = await self._messageable(channel).send(
                embed=shown.embed, view=shown.view, allowed_mentions=NO_MENTIONS)
        else:
            message = await self._messageable(channel).send(
                embed=shown.embed, allowed_mentions=NO_MENTIONS)
        return str(message.id)

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        """Replace the message; a reply without buttons (a reveal) removes the old ones."""
        shown = render(reply)
        message = self._messageable(channel).get_partial_message(int(message_id))
        await message.edit(embed=shown.embed, view=shown.view, allowed_mentions=NO_MENTIONS)
