"""Posts replies to Discord channels for the scheduler, and edits them later."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

from adapters.discord import post_search
from adapters.discord.interactions import NO_MENTIONS
from adapters.discord.permissions import refusal
from adapters.discord.render import render
from bot.models import Channel
from bot.replies import Reply


class DiscordPublisher:
    """discord.py waits out rate limits and retries server errors itself, so there is no retry
    here; a refusal no retry can fix (see `refusal`) is raised as PostRefused."""

    platform = "discord"
    # discord.py sets no request timeout shorter than aiohttp's five minutes; a call the Outbox
    # abandons after 2 x 60 + 30 s is looked for before it is sent again, and its nonce makes
    # Discord answer a repeated send with the first message.
    timeout = 60.0

    def __init__(self, client: discord.Client) -> None:
        self.client = client
        self.token_refused: str | None = None  # Discord answered 401: the token no longer works

    def _messageable(self, channel: Channel) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(int(channel.channel_id))

    async def post(self, channel: Channel, reply: Reply) -> str:
        """The message id of the first message; a long reply continues in further messages."""
        try:
            return await self._post(channel, reply)
        except discord.HTTPException as error:
            raise self._refused(error) from error

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        """Replace the message; a reply without buttons (a reveal) removes the old ones.

        What does not fit in one message follows it as new messages.
        """
        try:
            await self._edit(channel, message_id, reply)
        except discord.HTTPException as error:
            raise self._refused(error) from error

    def _refused(self, error: discord.HTTPException) -> Exception:
        refused = refusal(error)
        if refused is None:
            return error
        if error.status == 401:
            self.token_refused = refused.reason
        return refused

    async def _post(self, channel: Channel, reply: Reply) -> str:
        shown = render(reply)
        target = self._messageable(channel)
        extra: dict[str, Any] = {"view": shown.view} if shown.view is not None else {}
        nonce = post_search.post_nonce(reply)
        if nonce:
            extra["nonce"] = nonce
        message = await target.send(embeds=shown.first, allowed_mentions=NO_MENTIONS, **extra)
        for page in shown.followups:
            await target.send(embeds=page, allowed_mentions=NO_MENTIONS)
        return str(message.id)

    async def _edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        shown = render(reply)
        target = self._messageable(channel)
        await target.get_partial_message(int(message_id)).edit(
            embeds=shown.first, view=shown.view, allowed_mentions=NO_MENTIONS
        )
        for page in shown.followups:
            await target.send(embeds=page, allowed_mentions=NO_MENTIONS)

    async def find_post(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        return await post_search.find_post(self.client, channel.channel_id, post_id)
