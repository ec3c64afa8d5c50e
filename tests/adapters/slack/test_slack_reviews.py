"""Reviews, again, skip and weak spots through the real Bolt app (HTTP mode) and the mock Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.slack.app import EVENTS_PATH, create_slack_adapter
from bot.bootstrap import build_core, build_router
from bot.settings import Settings
from tests.adapters.slack.conftest import BOT_TOKEN, running, stop
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import (
    SIGNING_SECRET,
    SlackSender,
    buttons,
    click,
    command,
    free_port,
    shown,
)
from tests.conftest import FixedClock


@pytest.fixture
async def timed_slack(
    mock_slack: MockSlack, content_dir: Path, tmp_path: Path, clock: FixedClock
) -> AsyncIterator[SlackSender]:
    settings = Settings(
        content_dir=content_dir,
        database_url=f"sqlite:///{tmp_path / 's.db'}",
        slack_bot_token=BOT_TOKEN,
        slack_app_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=mock_slack.api_url,
        http_port=free_port(),
        bundled_questions=False,
    )
    core = await build_core(settings, clock=clock)
    adapter = create_slack_adapter(settings, build_router(core))
    task = await running(adapter)
    yield SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}")
    await stop(adapter, task)
    await core.close()


async def test_a_missed_question_comes_back_in_review_and_is_answered_by_button(
    timed_slack: SlackSender, clock: FixedClock
) -> None:
    card = await command(timed_slack, "quiz fundamentals easy")
    wrong = next(b for b in buttons(card) if b["text"]["text"] == "A")
    feedback, _ = await click(timed_slack, wrong)
    assert "Not quite." in shown(feedback)
    clock.advance(days=1)
    review = await command(timed_slack, "review")
    assert review.body["response_type"] == "ephemeral"
    assert "Review: 1 question due now" in shown(review) and "training and validation" in shown(review)
    right = next(b for b in buttons(review) if b["text"]["text"] == "B")
    answered, _ = await click(timed_slack, right, message_ts="1700000000.000200")  # a new message
    assert "Correct!" in shown(answered) and "That was your last review due." in shown(answered)
    stats = shown(await command(timed_slack, "stats"))
    assert "*Weakest topics*" in stats and "ML fundamentals: about 50%" in stats
    assert "Reviews due: 0" in stats


async def test_again_skip_and_a_replaced_question(timed_slack: SlackSender) -> None:
    await command(timed_slack, "quiz unsupervised easy")
    assert "clustering algorithm" in shown(await command(timed_slack, "again"))
    replaced = await command(timed_slack, "quiz fundamentals")
    assert "This replaces your open question" in shown(replaced) and buttons(replaced)
    assert "comes back in /prep review in 10 minutes" in shown(await command(timed_slack, "skip"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("review", "Nothing is due for review."),
        ("skip", "You have no open question to skip."),
        ("again", "You have no open question to show again."),
        ("quiz weak", "no weak spot to aim at"),
    ],
)
async def test_nothing_due_or_open_gets_a_clear_private_reply(
    timed_slack: SlackSender, text: str, expected: str
) -> None:
    reply = await command(timed_slack, text)
    assert expected in shown(reply) and reply.body["response_type"] == "ephemeral"
