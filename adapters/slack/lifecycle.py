"""Events that end the bot's ability to post: a channel deleted or archived, the bot removed from
it, the app uninstalled or its tokens revoked (https://api.slack.com/events). Each becomes a
Removal handed to whoever listens (the daily schedules); the manifest subscribes to them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from adapters.slack.guards import ack_now

log = logging.getLogger("prepbot.slack")

CHANNEL_EVENTS = {
    "channel_deleted": ("the channel was deleted", "Schedule the daily question in another channel."),
    "channel_archive": (
        "the channel was archived",
        "Unarchive the channel, or schedule the daily question in another one.",
    ),
    "group_deleted": ("the channel was deleted", "Schedule the daily question in another channel."),
    "group_archive": (
        "the channel was archived",
        "Unarchive the channel, or schedule the daily question in another one.",
    ),
    "member_left_channel": (
        "the bot was removed from the channel",
        "/invite @prepbot in that channel, then /prep schedule resume.",
    ),
    "channel_left": (
        "the bot was removed from the channel",
        "/invite @prepbot in that channel, then /prep schedule resume.",
    ),
    "group_left": (
        "the bot was removed from the channel",
        "/invite @prepbot in that channel, then /prep schedule resume.",
    ),
}
WORKSPACE_EVENTS = {
    "app_uninstalled": (
        "prepbot was uninstalled from the workspace",
        "Reinstall the app and set SLACK_BOT_TOKEN to the new token.",
    ),
    "tokens_revoked": (
        "the bot token was revoked",
        "Reinstall the app and set SLACK_BOT_TOKEN to the new token.",
    ),
}


@dataclass(frozen=True)
class Removal:
    """The bot can no longer post in `channel_id` (None: anywhere in the workspace)."""

    community_id: str
    channel_id: str | None
    reason: str
    fix: str


RemovalListener = Callable[[Removal], Awaitable[None]]


def removal_from(body: dict[str, Any], bot_user_id: str | None) -> Removal | None:
    event = body.get("event") or {}
    kind = str(event.get("type", ""))
    team = str(body.get("team_id", ""))
    if kind in WORKSPACE_EVENTS:
        if kind == "tokens_revoked":
            bots = (event.get("tokens") or {}).get("bot") or []
            ours = bot_user_id in bots if bot_user_id is not None else bool(bots)
            if not ours:
                return None  # some user token was revoked, not the bot's
        return Removal(team, None, *WORKSPACE_EVENTS[kind])
    if kind not in CHANNEL_EVENTS:
        return None
    if kind == "member_left_channel" and event.get("user") != bot_user_id:
        return None
    channel = event.get("channel")
    channel_id = channel.get("id") if isinstance(channel, dict) else channel
    return Removal(team, str(channel_id or ""), *CHANNEL_EVENTS[kind])


def register_removal_events(
    app: AsyncApp, bot_user_id: Callable[[], str | None], notify: RemovalListener
) -> None:
    async def on_removal(body: dict[str, Any], context: AsyncBoltContext) -> None:
        removal = removal_from(body, context.bot_user_id or bot_user_id())
        if removal is not None:
            await notify(removal)

    for kind in (*CHANNEL_EVENTS, *WORKSPACE_EVENTS):
        app.event(kind)(ack=ack_now, lazy=[on_removal])
