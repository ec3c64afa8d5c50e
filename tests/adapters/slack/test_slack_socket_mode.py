"""Socket Mode: the real AsyncSocketModeHandler connects to the mock's websocket and runs /prep."""

from __future__ import annotations

import json

from adapters.slack.app import SlackAdapter
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import MEMBER, action_payload, command_body, home_event


async def test_connects_with_the_app_token(socket_adapter: SlackAdapter, mock_slack: MockSlack) -> None:
    (opened,) = mock_slack.named("apps.connections.open")
    assert opened.headers["Authorization"] == "Bearer xapp-test-app-token"


async def test_slash_command_and_button_over_socket_mode(
    socket_adapter: SlackAdapter, mock_slack: MockSlack
) -> None:
    body = command_body(mock_slack, "quiz fundamentals easy")
    ack = await mock_slack.send_envelope("slash_commands", body)
    assert "envelope_id" in ack
    (card,) = await mock_slack.wait_for("response_url")
    assert card.body["response_type"] == "ephemeral"
    button = next(
        b
        for block in card.body["blocks"]
        if block["type"] == "actions"
        for b in block["elements"]
        if b["text"]["text"] == "B"
    )
    click = action_payload(mock_slack, {"action_id": button["action_id"], "value": button["value"]})
    await mock_slack.send_envelope("interactive", click)
    await mock_slack.send_envelope("interactive", click, retry_attempt=1)
    calls = await mock_slack.wait_for("response_url", 2)
    assert "Correct!" in json.dumps(calls[1].body["blocks"])
    await mock_slack.send_envelope("slash_commands", command_body(mock_slack, "stats"))
    calls = await mock_slack.wait_for("response_url", 3)
    assert len(calls) == 3 and "1/1 correct" in json.dumps(calls[2].body["blocks"])


async def test_app_home_over_socket_mode(socket_adapter: SlackAdapter, mock_slack: MockSlack) -> None:
    await mock_slack.send_envelope("events_api", home_event(MEMBER))
    (published,) = await mock_slack.wait_for("views.publish")
    assert "Stats for ada" in json.dumps(published.body["view"])
