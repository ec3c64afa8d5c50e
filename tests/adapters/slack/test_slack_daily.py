"""A channel's daily post through the real daily module: posted by the Publisher, answered by buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.answer_feedback import ANSWERED_BEFORE
from bot.bootstrap import Core
from tests.adapters.slack.conftest import serving_daily
from tests.adapters.slack.mock_slack import Call, MockSlack
from tests.adapters.slack.slack_client import (
    ADMIN,
    SlackSender,
    action_payload,
    buttons,
    click,
    command,
    feedback_blocks,
    shown,
    view_payload,
)


@pytest.fixture
async def daily_slack(mock_slack: MockSlack, sqlite_core: Core) -> AsyncIterator[SlackSender]:
    async with serving_daily(mock_slack, sqlite_core) as sender:
        yield sender


async def answer(slack: SlackSender, button: dict[str, Any]) -> Call:
    """Click a choice button, or open the answer modal and submit it: the private reply."""
    if button["action_id"].startswith("prep_choice_"):
        reply, _ = await click(slack, button, message_ts="1700000000.000001")
        return reply
    opened = len(slack.mock.named("views.open"))
    click_payload = action_payload(slack.mock, {"action_id": button["action_id"], "value": button["value"]})
    assert await slack.interaction(click_payload) == (200, "")
    view = (await slack.mock.wait_for("views.open", opened + 1))[-1].body["view"]
    before = len(slack.mock.named("response_url"))
    assert await slack.interaction(view_payload(view, "bias and variance", view_id=f"V{opened}")) == (200, "")
    return (await slack.mock.wait_for("response_url", before + 1))[-1]


async def test_daily_post_is_published_and_answered_once(
    daily_slack: SlackSender, mock_slack: MockSlack
) -> None:
    notice = await command(daily_slack, "post-now", user=ADMIN, name="grace")
    assert "Posted today's question" in shown(notice)
    (post,) = await mock_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0STUDY"
    first_button = buttons(post)[0]
    assert int(first_button["value"].split("|")[0]) > 0
    first = await answer(daily_slack, first_button)
    assert first.body["response_type"] == "ephemeral"
    assert "points" in shown(first)
    again = await answer(daily_slack, buttons(post)[-1])
    assert ANSWERED_BEFORE in shown(again)
    assert feedback_blocks(again) == feedback_blocks(first)
