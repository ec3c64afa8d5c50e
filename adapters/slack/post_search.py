"""Finding a daily post the bot may already have sent to a Slack channel.

Every daily post carries message metadata (an event type and its post id); a post whose outcome
is unknown is looked for in the channel's history since its send began (conversations.history,
https://api.slack.com/methods/conversations.history, with include_all_metadata), a few pages at
most, before it is sent again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import PostRefused
from bot.replies import QuestionCard, Reply

EVENT_TYPE = "prepbot_daily_post"
PAGE = 200  # messages per history page (Slack allows up to 999; 200 is its recommendation)
PAGES = 3

REFUSALS = {
    "missing_scope": (
        "the app may not read the channel's history to check for an earlier post",
        "Reinstall the app with the scopes of slack-manifest.yml (channels:history, groups:history).",
    ),
    "not_in_channel": ("the bot is not a member of the channel", "Run /invite @prepbot there."),
    "channel_not_found": (
        "the channel no longer exists or the bot cannot see it",
        "Run /invite @prepbot in the channel, or set the schedule elsewhere.",
    ),
    "is_archived": ("the channel is archived", "Unarchive it, or set the schedule elsewhere."),
    "invalid_auth": ("the bot token is no longer valid", "Reinstall the app."),
    "account_inactive": ("the bot token is no longer valid", "Reinstall the app."),
    "token_revoked": ("the bot token is no longer valid", "Reinstall the app."),
}


def post_metadata(reply: Reply) -> dict[str, Any] | None:
    """The metadata a daily post is sent with, so it can be found again."""
    if isinstance(reply, QuestionCard) and reply.post_id is not None and not reply.private:
        return {"event_type": EVENT_TYPE, "event_payload": {"post_id": str(reply.post_id)}}
    return None


def _is_post(message: dict[str, Any], post_id: int) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return metadata.get("event_type") == EVENT_TYPE and str(payload.get("post_id")) == str(post_id)


async def find_post(client: AsyncWebClient, channel_id: str, post_id: int, since: datetime) -> str | None:
    """The ts of the channel's message carrying daily post `post_id`, sent since `since`."""
    cursor: str | None = None
    for _ in range(PAGES):
        try:
            page = await client.conversations_history(
                channel=channel_id,
                oldest=f"{since.timestamp():.6f}",
                limit=PAGE,
                include_all_metadata=True,
                cursor=cursor,
            )
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in REFUSALS:
                raise PostRefused(*REFUSALS[code]) from error
            raise
        for message in page.get("messages") or []:
            if _is_post(message, post_id):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not page.get("has_more") or not cursor:
            return None
    return None
