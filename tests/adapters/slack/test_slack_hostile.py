"""Hostile or broken requests to /slack/events get a 4xx and one short log line, never a 5xx.

The signature is checked on the raw bytes before anything is parsed; requests for another
workspace are refused; button values are bounded.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any

import aiohttp
import pytest

from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import (
    ADMIN,
    SIGNING_SECRET,
    SlackSender,
    action_payload,
    command,
    command_body,
    shown,
)

FORM = "application/x-www-form-urlencoded"


async def post_raw(
    slack: SlackSender,
    body: bytes,
    content_type: str = FORM,
    *,
    timestamp: str | None = None,
    secret: str = SIGNING_SECRET,
) -> int:
    ts = timestamp if timestamp is not None else str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
        session.post(slack.url, data=body, headers=headers) as response,
    ):
        return response.status


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"payload=%7Bnot+json", FORM),
        (b"payload=%5B1%2C2%5D", FORM),  # a JSON array
        (b"payload=null", FORM),
        (b"[1, 2]", "application/json"),
        (b"null", "application/json"),
        (b'{"type": "event_callback", "event":', "application/json"),
        (b"command=%2Fprep&text=\xff\xfe", FORM),  # not UTF-8
    ],
)
async def test_malformed_signed_bodies_get_400_and_one_short_line(
    slack: SlackSender, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    caplog.set_level(logging.INFO)
    assert await post_raw(slack, body, content_type) == 400
    lines = [r for r in caplog.records if r.name.startswith("prepbot.slack")]
    assert len(lines) == 1 and lines[0].exc_info is None and "refused with 400" in lines[0].getMessage()
    assert len(lines[0].getMessage()) < 200
    assert all(r.exc_info is None for r in caplog.records)


@pytest.mark.parametrize("timestamp", ["soon", "1e9", "", "١٧٠٠٠٠٠٠٠٠"])
async def test_a_non_numeric_timestamp_gets_400(
    slack: SlackSender, timestamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert await post_raw(slack, b"command=%2Fprep", timestamp=timestamp) == 400
    assert all(r.exc_info is None for r in caplog.records)


async def test_unsigned_garbage_is_refused_before_it_is_parsed(
    slack: SlackSender, mock_slack: MockSlack, caplog: pytest.LogCaptureFixture
) -> None:
    for body in (b"payload=%7Bnot+json", b"[]", b"payload=null"):
        assert await post_raw(slack, body, secret="not-the-secret") == 401
    assert await post_raw(slack, b"\xff\xfe" * 1000, secret="not-the-secret") == 400
    assert all(r.exc_info is None for r in caplog.records)
    assert [c.method for c in mock_slack.calls] == ["auth.test"], "nothing ran"


async def test_a_request_for_another_workspace_is_refused(slack: SlackSender, mock_slack: MockSlack) -> None:
    body = command_body(mock_slack, "stats") | {"team_id": "T0OTHER"}
    status, _ = await slack.form(body)
    assert status == 403
    click = action_payload(mock_slack, {"action_id": "prep_choice_B", "value": "0|underfit-diagnosis|B"})
    click["team"]["id"] = "T0OTHER"
    status, _ = await slack.interaction(click)
    assert status == 403
    assert "0/0 correct" in shown(await command(slack, "stats"))
    assert len(mock_slack.named("response_url")) == 1


async def test_an_admin_of_another_org_in_a_shared_channel_is_not_an_admin(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    mock_slack.add_user("UEXTERNAL", "visitor", admin=True, team="T0PARTNER")
    reply = await command(slack, "post-now", user="UEXTERNAL", name="visitor")
    assert "Only admins" in shown(reply)
    assert "Only admins" not in shown(await command(slack, "post-now", user=ADMIN, name="grace"))


@pytest.mark.parametrize(
    "value",
    [
        "9" * 19 + "|underfit-diagnosis|B",  # above int64: no OverflowError anywhere
        "²|underfit-diagnosis|B",  # a digit to str.isdigit, not to int()
        "0|underfit-diagnosis|AB",
        "0|underfit-diagnosis|B|extra",
        "0|" + "a" * 5000 + "|B",
    ],
)
async def test_out_of_bounds_button_values_are_refused_politely(
    slack: SlackSender, mock_slack: MockSlack, value: str, caplog: pytest.LogCaptureFixture
) -> None:
    payload: dict[str, Any] = action_payload(mock_slack, {"action_id": "prep_choice_B", "value": value})
    status, _ = await slack.interaction(payload)
    assert status == 200
    (reply,) = await mock_slack.wait_for("response_url")
    assert "no longer valid" in shown(reply)
    assert all(r.exc_info is None for r in caplog.records)
    assert json.dumps(reply.body).count("Correct") == 0
