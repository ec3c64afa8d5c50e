"""A channel's daily post through the real daily module: posted by the Publisher, answered by buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.slack.app import EVENTS_PATH, SlackAdapter, create_slack_adapter
from bot.bootstrap import Core
from bot.daily.outbox import Outbox
from bot.daily.service import build_daily
from bot.dispatch import Dispatcher
from bot.settings import Settings
from tests.adapters.slack.conftest import BOT_TOKEN, running, stop
from tests.adapters.slack.mock_slack import Call, MockSlack
from tests.adapters.slack.slack_client import (
    ADMIN,
    SIGNING_SECRET,
    SlackSender,
    action_payload,
    buttons,
    click,
    command,
    free_port,
    shown,
    view_payload,
)


@pytest.fixture
async def daily_slack(mock_slack: MockSlack, sqlite_core: Core) -> AsyncIterator[SlackSender]:
    settings = Settings(
        bundled_questions=False,
        content_dir=sqlite_core.settings.content_dir,
        database_url=sqlite_core.settings.database_url,
        slack_bot_token=BOT_TOKEN,
        slack_app_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=mock_slack.api_url,
        http_port=free_port(),
    )
    outbox = Outbox()
    dispatcher = Dispatcher(sqlite_core.service, build_daily(sqlite_core, outbox))
    adapter: SlackAdapter = create_slack_adapter(settings, dispatcher)
    outbox.register(adapter.publisher)
    task = await running(adapter)
    yield SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}")
    await stop(adapter, task)


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
    assert "already answered" in shown(again)
