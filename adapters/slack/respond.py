"""Answers to a member's command, click or modal: through the response_url, else the Web API.

A response_url works for 30 minutes and five uses
(https://api.slack.com/interactivity/handling#message_responses); after that a private reply goes
out with chat.postEphemeral and a public one with chat.postMessage, so no feedback is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import Message
from adapters.slack.members import api_error
from adapters.slack.render import render
from bot.replies import Reply

log = logging.getLogger("prepbot.slack")
REPLY_TIMEOUT = 30  # seconds, slack_sdk's default


@dataclass(frozen=True)
class ReplyTarget:
    """Where an answer to one interaction goes."""

    user_id: str
    channel_id: str
    response_url: str = ""


class ReplySession:
    """One connection pool for the replies to response_urls; without it slack_sdk opens (and
    closes) a session and a connection for every reply."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REPLY_TIMEOUT))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


async def via_response_url(
    url: str, message: Message, private: bool, session: aiohttp.ClientSession | None = None
) -> bool:
    if not url:
        return False
    try:
        response = await AsyncWebhookClient(url, session=session).send_dict(
            {
                **message,
                "response_type": "ephemeral" if private else "in_channel",
                "replace_original": False,
                "unfurl_links": False,
                "unfurl_media": False,
            }
        )
    except Exception as error:  # a network failure is as final as an expired url here
        log.info("response_url failed (%s); falling back to the Web API", type(error).__name__)
        return False
    if response.status_code != 200:
        log.info(
            "response_url answered %s %s; falling back to the Web API",
            response.status_code,
            str(response.body)[:80],
        )
        return False
    return True


async def via_web_api(client: AsyncWebClient, target: ReplyTarget, message: Message, private: bool) -> None:
    options: dict[str, Any] = {"channel": target.channel_id, **message}
    try:
        if private:
            await client.chat_postEphemeral(user=target.user_id, **options)
        else:
            await client.chat_postMessage(unfurl_links=False, unfurl_media=False, **options)
    except Exception as error:
        log.warning("could not reply to %s in %s: %s", target.user_id, target.channel_id, api_error(error))


async def send_reply(
    client: AsyncWebClient, target: ReplyTarget, reply: Reply, session: aiohttp.ClientSession | None = None
) -> None:
    """Every message of the reply, in order; each falls back on its own when the url fails."""
    url = target.response_url
    for message in render(reply):
        if await via_response_url(url, message, reply.private, session):
            continue
        url = ""  # once expired, it stays expired
        if target.channel_id:
            await via_web_api(client, target, message, reply.private)
