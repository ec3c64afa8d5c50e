"""Finding a daily post the bot may already have sent to a Discord channel.

Daily posts are sent with a nonce derived from their post id and `enforce_nonce`, so Discord
itself answers a repeated send within a few minutes with the first message instead of a new one
(https://discord.com/developers/docs/resources/message#create-message). A post whose outcome is
unknown is first looked for among the channel's recent messages (Get Channel Messages, needs
Read Message History): the bot's own message whose buttons' custom_ids name the post.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.replies import QuestionCard, Reply

RECENT = 50  # messages looked through; a daily channel is rarely busier between two sweeps
CUSTOM_ID_POST = re.compile(r"^prep:[a-z]+:(\d{1,19}):")


def post_nonce(reply: Reply) -> str | None:
    """A nonce (at most 25 characters) unique to the daily post."""
    if isinstance(reply, QuestionCard) and reply.post_id is not None and not reply.private:
        return f"prepbot:{reply.post_id}"
    return None


def _custom_ids(components: list[Any]) -> list[str]:
    found: list[str] = []
    for component in components:
        custom_id = getattr(component, "custom_id", None)
        if isinstance(custom_id, str):
            found.append(custom_id)
        found += _custom_ids(list(getattr(component, "children", []) or []))
    return found


def carries_post(message: discord.Message, post_id: int) -> bool:
    return any(
        (match := CUSTOM_ID_POST.match(custom_id)) and int(match.group(1)) == post_id
        for custom_id in _custom_ids(list(message.components))
    )


async def find_post(client: discord.Client, channel_id: str, post_id: int) -> str | None:
    me = client.user.id if client.user else None
    channel = client.get_partial_messageable(int(channel_id))
    async for message in channel.history(limit=RECENT):
        if message.author.id == me and carries_post(message, post_id):
            return str(message.id)
    return None
