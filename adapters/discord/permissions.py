"""What the bot needs to post in a channel, and what Discord's refusals mean for an admin."""

from __future__ import annotations

from typing import Any

import discord

from bot.commands import Command
from bot.ports import PostRefused

# What the invite link asks for (README), by the names in Discord's menus
# (https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags):
# View Channels, Send Messages and Embed Links to post daily questions, Send Messages in Threads
# for a schedule in a thread, Read Message History to look for a daily post whose sending timed
# out, and Attach Files for the progress card and the export: replies to commands carry files and
# embeds as the app's permissions in the channel allow (Discord grants ATTACH_FILES and
# EMBED_LINKS in DMs: https://discord.com/developers/docs/interactions/receiving-and-responding).
# Members need Use Application Commands to run /prep; the bot itself does not.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)
INVITE_SCOPES = ("bot", "applications.commands")
POSTING = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
)
IN_THREADS = (
    ("view_channel", "View Channel"),
    ("send_messages_in_threads", "Send Messages in Threads"),
    ("embed_links", "Embed Links"),
)
GRANT = (
    "Give prepbot {names} in this channel (Edit Channel → Permissions → add prepbot), "
    "then run the command again. Nothing was changed."
)

# https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
REFUSALS = {
    10003: (
        "the channel no longer exists (Unknown Channel)",
        "Run /prep schedule set in the channel that should get the daily question.",
    ),
    50001: (
        "the bot cannot see the channel (Missing Access)",
        "Give prepbot View Channel in that channel, or invite it to the server again.",
    ),
    50013: (
        "the bot lacks a permission it needs to post there (Missing Permissions)",
        "Give prepbot View Channel, Send Messages and Embed Links in that channel.",
    ),
}
UNAUTHORIZED = (
    "Discord rejected the bot's token (401 Unauthorized)",
    "Reset the token in the Discord Developer Portal and set DISCORD_TOKEN again.",
)


def invite_url(application_id: int | str) -> str:
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES)


def posts_here(command: Command) -> bool:
    """Commands that make the bot post in the channel they are run in."""
    return command.name == "post-now" or (command.name == "schedule" and command.args[:1] == ("set",))


def missing_to_post(interaction: discord.Interaction[Any]) -> list[str]:
    """Permissions the bot lacks in the interaction's channel, by their names in Discord's menus."""
    needed = IN_THREADS if isinstance(interaction.channel, discord.Thread) else POSTING
    granted = interaction.app_permissions
    return [name for flag, name in needed if not getattr(granted, flag)]


def cannot_post(missing: list[str]) -> str:
    names = " and ".join(f"**{name}**" for name in missing)
    plural = "permissions" if len(missing) > 1 else "permission"
    return f"I can't post in this channel: I don't have the {names} {plural} here. " + GRANT.format(
        names=names
    )


def refusal(error: discord.HTTPException) -> PostRefused | None:
    """A refusal no retry can fix, or None when Discord may accept the same request later."""
    if error.status == 401:
        return PostRefused(*UNAUTHORIZED)
    known = REFUSALS.get(error.code)
    return PostRefused(*known) if known else None
