"""A whole mock interview through the real Bolt app (HTTP mode, signed requests) and the mock
Slack: a choice by button, a skip, a short answer in the modal, one typed, the time running out
and the report, every reply ephemeral."""

from __future__ import annotations

from typing import Any

from tests.adapters.slack.mock_slack import Call
from tests.adapters.slack.slack_client import (
    SlackSender,
    action_payload,
    buttons,
    click,
    command,
    shown,
    view_payload,
)
from tests.conftest import FixedClock

ANSWERS = {
    "underfit-diagnosis": "B",
    "leakage-signal": "B",
    "pca-name": "PCA",
    "kmeans-name": "k-means",
    "explain-overfitting": "Overfitting is memorising noise; use L2 regularisation and more data.",
}


def question_of(reply: Call) -> str:
    """The id of the question whose buttons the reply shows (a button's value names it)."""
    return str(buttons(reply)[0]["value"]).split("|")[1]


def private(reply: Call) -> str:
    """What the member reads in an ephemeral reply (with `·` as Slack shows it)."""
    assert reply.body["response_type"] == "ephemeral"
    return shown(reply).replace("\\u00b7", "·")


async def by_modal(slack: SlackSender, reply: Call, text: str) -> Call:
    [answer] = buttons(reply)
    assert answer["text"]["text"] == "Answer"
    opened = len(slack.mock.named("views.open"))
    payload = action_payload(slack.mock, {"action_id": answer["action_id"], "value": answer["value"]})
    assert await slack.interaction(payload) == (200, "")
    view = (await slack.mock.wait_for("views.open", opened + 1))[-1].body["view"]
    before = len(slack.mock.named("response_url"))
    assert await slack.interaction(view_payload(view, text)) == (200, "")
    return (await slack.mock.wait_for("response_url", before + 1))[-1]


async def test_a_mock_runs_by_button_skip_modal_and_typing_until_time_runs_out(
    timed_slack: SlackSender, clock: FixedClock
) -> None:
    slack = timed_slack
    first = await command(slack, "mock mixed 10")
    assert "Mock interview: Mixed round, 5 questions in 10 minutes" in private(first)
    assert "Mock question 1 of 5 · 10:00 left." in private(first)
    letter = ANSWERS[question_of(first)]
    clock.advance(minutes=1)
    button: dict[str, Any] = next(b for b in buttons(first) if b["text"]["text"] == letter)
    second, _ = await click(slack, button, message_ts="1700000000.000301")
    assert "Correct!" in private(second) and "Mock question 2 of 5 · 9:00 left." in private(second)
    third = await command(slack, "skip")
    assert "Skipped: it counts as not answered" in private(third)
    assert "Mock question 3 of 5" in private(third)
    clock.advance(minutes=1)
    fourth = await by_modal(slack, third, ANSWERS[question_of(third)])
    assert "Correct!" in private(fourth) and "Mock question 4 of 5 · 8:00 left." in private(fourth)
    fifth = await command(slack, "answer " + ANSWERS[question_of(fourth)])
    assert "Correct!" in private(fifth) and "Mock question 5 of 5" in private(fifth)
    clock.advance(minutes=9)
    report = private(await command(slack, "answer " + ANSWERS["explain-overfitting"]))
    assert "Time ran out 1:00 ago, so that answer was not recorded. Here is your report." in report
    assert "Mock interview report: Mixed round (time ran out after 10 minutes)." in report
    assert "Score: 3 of 5 (60%)." in report
    assert "By topic: " in report and "Unsupervised learning 2/2" in report
    assert ": skipped" in report and ": not reached" in report
