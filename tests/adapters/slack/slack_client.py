"""Sends Slack's payloads, correctly signed, to the app's /slack/events, and reads the replies."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.answer_feedback import ANSWERED_BEFORE
from tests.adapters.slack.mock_slack import TEAM_ID, Call, MockSlack

SIGNING_SECRET = "test-signing-secret"
MEMBER = "UMEMBER"
ADMIN = "UADMIN"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sign(body: str, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return "v0=" + digest.hexdigest()


class SlackSender:
    """Builds Slack's payloads and sends them, signed, to the app's /slack/events."""

    def __init__(self, mock: MockSlack, url: str) -> None:
        self.mock = mock
        self.url = url

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        retry: int | None = None,
    ) -> tuple[int, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sign(body, ts, secret),
        }
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        timeout = aiohttp.ClientTimeout(total=5)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(self.url, data=body.encode(), headers=headers) as response,
        ):
            return response.status, await response.text()

    async def form(self, fields: dict[str, Any], **options: Any) -> tuple[int, str]:
        return await self.post(urlencode(fields), "application/x-www-form-urlencoded", **options)

    async def interaction(self, payload: dict[str, Any], **options: Any) -> tuple[int, str]:
        return await self.form({"payload": json.dumps(payload)}, **options)

    async def event(self, envelope: dict[str, Any], **options: Any) -> tuple[int, str]:
        return await self.post(json.dumps(envelope), "application/json", **options)


def command_body(
    mock: MockSlack, text: str, user: str = MEMBER, name: str = "ada", channel: str = "C0STUDY"
) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "team_domain": "study",
        "channel_id": channel,
        "channel_name": "study",
        "user_id": user,
        "user_name": name,
        "command": "/prep",
        "text": text,
        "api_app_id": "A0APP",
        "response_url": mock.response_url(),
        "trigger_id": uuid.uuid4().hex,
    }


def action_payload(
    mock: MockSlack,
    action: dict[str, Any],
    user: str = MEMBER,
    name: str = "ada",
    message_ts: str = "1700000000.000100",
    trigger_id: str | None = None,
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "study"},
        "user": {"id": user, "username": name, "name": name, "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "token": "legacy",
        "trigger_id": trigger_id or uuid.uuid4().hex,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": "C0STUDY",
            "is_ephemeral": True,
        },
        "channel": {"id": "C0STUDY", "name": "study"},
        "response_url": mock.response_url(),
        "actions": [{**action, "block_id": "answer:0", "type": "button", "action_ts": "1700000001.000001"}],
    }


def view_payload(
    view: dict[str, Any], answer: str | None, user: str = MEMBER, name: str = "ada", view_id: str = "V0MODAL"
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "study"},
        "user": {"id": user, "username": name, "name": name, "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "token": "legacy",
        "trigger_id": uuid.uuid4().hex,
        "view": {
            **view,
            "id": view_id,
            "team_id": TEAM_ID,
            "state": {"values": {"answer": {"text": {"type": "plain_text_input", "value": answer}}}},
        },
    }


def home_event(user: str = MEMBER) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": "Ev" + uuid.uuid4().hex[:10],
        "event_time": int(time.time()),
        "event": {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": "home",
            "event_ts": "1700000002.000001",
        },
    }


def shown(call: Call) -> str:
    """Everything a Slack user could read in a recorded message."""
    return json.dumps(call.body.get("blocks", [])) + str(call.body.get("text", ""))


async def command(slack: SlackSender, text: str, **who: Any) -> Call:
    """Run `/prep <text>` and return the reply that went back through the response_url."""
    body = command_body(slack.mock, text, **who)
    before = len(slack.mock.named("response_url"))
    assert await slack.form(body) == (200, "")
    calls = await slack.mock.wait_for("response_url", before + 1)
    hook = body["response_url"].rsplit("/", 1)[1]
    return next(c for c in calls if c.headers["hook"] == hook)


def buttons(reply: Call) -> list[dict[str, Any]]:
    return [
        element
        for block in reply.body["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


async def click(slack: SlackSender, button: dict[str, Any], **options: Any) -> tuple[Call, dict[str, Any]]:
    payload = action_payload(
        slack.mock, {"action_id": button["action_id"], "value": button["value"]}, **options
    )
    before = len(slack.mock.named("response_url"))
    assert await slack.interaction(payload) == (200, "")
    await slack.mock.wait_for("response_url", before + 1)
    return slack.mock.named("response_url")[-1], payload


def feedback_blocks(call: Call) -> list[str]:
    """The texts of a reply's blocks, without the note that it repeats an earlier answer."""
    texts = [json.dumps(block.get("text") or block.get("elements")) for block in call.body["blocks"]]
    # The notes share one context line: drop the repeat note, keep the others.
    texts = [text.replace(f" {ANSWERED_BEFORE}", "").replace(ANSWERED_BEFORE, "") for text in texts]
    return [text for text in texts if text not in ('[{"type": "mrkdwn", "text": ""}]', "null")]
