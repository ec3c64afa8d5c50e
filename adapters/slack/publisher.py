"""The scheduler's Publisher on Slack: chat.postMessage / chat.update by channel id.

The core's Outbox paces the calls; HTTP retries (rate limits with Retry-After, connection and
server errors) are slack_sdk's retry handlers' (adapters/slack/app.py); errors that no retry can
fix become PostRefused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import post_search
from adapters.slack.blocks import Message
from adapters.slack.members import api_error
from adapters.slack.render import render
from bot.models import Channel
from bot.ports import PostRefused
from bot.replies import Reply

TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked"})
REINSTALL = "Reinstall prepbot to the workspace and set SLACK_BOT_TOKEN to the new bot token."
TeamClient = Callable[[str], Awaitable[AsyncWebClient]]
# https://api.slack.com/methods/chat.postMessage#errors and .../chat.update#errors
PERMANENT = {
    "not_in_channel": ("the bot is not a member of the channel", "/invite @prepbot in the channel"),
    "channel_not_found": (
        "the channel does not exist or the bot cannot see it",
        "/invite @prepbot in the channel, or schedule another channel",
    ),
    "is_archived": ("the channel is archived", "Unarchive it, or schedule another channel"),
    "restricted_action": (
        "the workspace does not let the bot post in the channel",
        "Ask a workspace admin to allow posting, or schedule another channel",
    ),
    "invalid_auth": ("Slack no longer accepts the bot token", REINSTALL),
    "not_authed": ("no bot token was sent", REINSTALL),
    "account_inactive": ("the bot's account was deactivated", REINSTALL),
    "token_revoked": ("the bot token was revoked", REINSTALL),
    "missing_scope": ("the bot lacks a permission (scope) it needs", REINSTALL),
    "message_not_found": ("the message to update was deleted", ""),
    "cant_update_message": ("the message can no longer be updated", ""),
}


def refused(error: SlackApiError) -> PostRefused | None:
    code = api_error(error)
    if code not in PERMANENT:
        return None
    reason, fix = PERMANENT[code]
    return PostRefused(f"{reason} ({code})", fix)


async def classified(call: Callable[[], Awaitable[Any]]) -> Any:
    """The call's response; a permanent refusal as PostRefused, anything else as it came."""
    try:
        return await call()
    except SlackApiError as error:
        permanent = refused(error)
        if permanent is not None:
            raise permanent from error
        raise


class SlackPublisher:
    platform = "slack"

    def __init__(self, client: AsyncWebClient, *, team_client: TeamClient | None = None) -> None:
        """`team_client`: the client with the channel's workspace's token (several workspaces)."""
        self.client = client
        self.team_client = team_client
        self.token_refused: str | None = None  # Slack no longer accepts the bot token

    async def client_for(self, channel: Channel) -> AsyncWebClient:
        if self.team_client is None:
            return self.client
        return await self.team_client(channel.community_id)

    async def _call(self, call: Callable[[], Awaitable[Any]]) -> Any:
        try:
            return await classified(call)
        except PostRefused as refusal:
            cause = refusal.__cause__
            if (
                isinstance(cause, SlackApiError)
                and api_error(cause) in TOKEN_ERRORS
                and self.team_client is None
            ):
                self.token_refused = refusal.reason
            raise

    @property
    def timeout(self) -> float:
        """Seconds the client waits for one HTTP call (the Outbox waits longer)."""
        return float(self.client.timeout)

    async def post(self, channel: Channel, reply: Reply) -> str:
        """Posts the reply; a reply too long for one message continues in the post's thread."""
        first, *rest = render(reply)
        ts = str((await self.send(channel, first, metadata=post_search.post_metadata(reply)))["ts"])
        await self.follow_up(channel, ts, rest)
        return ts

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        first, *rest = render(reply)
        client = await self.client_for(channel)
        await self._call(lambda: client.chat_update(channel=channel.channel_id, ts=message_id, **first))
        await self.follow_up(channel, message_id, rest)

    async def send(self, channel: Channel, message: Message, **options: Any) -> Any:
        client = await self.client_for(channel)
        return await self._call(
            lambda: client.chat_postMessage(
                channel=channel.channel_id, **message, **options, unfurl_links=False, unfurl_media=False
            )
        )

    async def follow_up(self, channel: Channel, thread_ts: str, messages: list[Message]) -> None:
        for message in messages:
            await self.send(channel, message, thread_ts=thread_ts)

    async def find_post(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        return await post_search.find_post(await self.client_for(channel), channel.channel_id, post_id, since)
