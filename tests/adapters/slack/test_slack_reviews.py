"""Reviews, again, skip and weak spots through the real Bolt app (HTTP mode) and the mock Slack."""

from __future__ import annotations

import pytest

from tests.adapters.slack.slack_client import SlackSender, buttons, click, command, shown
from tests.conftest import FixedClock


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
