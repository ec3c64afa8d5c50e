"""The answer modal, the App Home tab and the scheduler's Publisher, against the real Bolt app."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack.app import SlackAdapter
from bot.answer_feedback import ANSWERED_BEFORE
from bot.models import Channel
from bot.replies import Notice, QuestionCard
from tests.adapters.slack.mock_slack import TEAM_ID, MockSlack
from tests.adapters.slack.slack_client import (
    MEMBER,
    SlackSender,
    action_payload,
    buttons,
    command,
    home_event,
    shown,
    view_payload,
)

CHANNEL = Channel(platform="slack", community_id=TEAM_ID, channel_id="C0STUDY")


async def open_answer_modal(slack: SlackSender) -> dict[str, Any]:
    card = await command(slack, "quiz unsupervised-learning easy")
    (answer,) = buttons(card)
    assert answer["text"]["text"] == "Answer" and answer["value"] == "0|kmeans-name|"
    payload = action_payload(slack.mock, {"action_id": answer["action_id"], "value": answer["value"]})
    assert await slack.interaction(payload) == (200, "")
    (opened,) = await slack.mock.wait_for("views.open")
    assert opened.body["trigger_id"] == payload["trigger_id"]
    view: dict[str, Any] = opened.body["view"]
    return view


async def test_short_question_answer_button_opens_a_modal_and_grades_it(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    view = await open_answer_modal(slack)
    assert "nearest centroid" in json.dumps(view["blocks"])
    before = len(mock_slack.named("response_url"))
    assert await slack.interaction(view_payload(view, "k-means")) == (200, "")
    calls = await mock_slack.wait_for("response_url", before + 1)
    assert calls[-1].body["response_type"] == "ephemeral"
    assert "Correct!" in shown(calls[-1])
    assert "1/1 correct" in shown(await command(slack, "stats"))


@pytest.mark.parametrize(
    ("answer", "error"),
    [("", "Type an answer"), ("   \n ", "Type an answer"), ("x" * 2001, "the limit is 2,000")],
)
async def test_modal_validation_errors_keep_the_modal_open(
    slack: SlackSender, mock_slack: MockSlack, answer: str, error: str
) -> None:
    view = await open_answer_modal(slack)
    status, body = await slack.interaction(view_payload(view, answer))
    assert status == 200
    response = json.loads(body)
    assert response["response_action"] == "errors"
    assert error in response["errors"]["answer"]
    assert "0/0 correct" in shown(await command(slack, "stats"))


async def test_modal_submitted_twice_records_once(slack: SlackSender, mock_slack: MockSlack) -> None:
    view = await open_answer_modal(slack)
    before = len(mock_slack.named("response_url"))
    assert await slack.interaction(view_payload(view, "k-means")) == (200, "")
    assert await slack.interaction(view_payload(view, "kmeans")) == (200, "")
    calls = await mock_slack.wait_for("response_url", before + 2)
    first, second = calls[before:]
    assert "Correct!" in shown(first) and "Correct!" in shown(second)
    assert sum(ANSWERED_BEFORE in shown(c) for c in (first, second)) == 1
    assert "1/1 correct" in shown(await command(slack, "stats"))


async def test_app_home_shows_stats_and_workspace_leaderboard(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    card = await command(slack, "quiz fundamentals easy", user="UOTHER", name="<!here> grace")
    payload = action_payload(
        mock_slack,
        {"action_id": "prep_choice_B", "value": buttons(card)[1]["value"]},
        user="UOTHER",
        name="<!here> grace",
    )
    assert await slack.interaction(payload) == (200, "")
    await mock_slack.wait_for("response_url", 2)
    assert await slack.event(home_event(MEMBER)) == (200, "")
    (published,) = await mock_slack.wait_for("views.publish")
    assert published.body["user_id"] == MEMBER
    view = json.dumps(published.body["view"])
    assert published.body["view"]["type"] == "home"
    assert "Stats for ada" in view
    assert "Leaderboard" in view and "&lt;!here&gt; grace" in view
    assert "<!here>" not in view


async def test_publisher_posts_and_updates_by_channel_id(
    http_adapter: SlackAdapter, mock_slack: MockSlack
) -> None:
    card = QuestionCard(
        question_id="underfit-diagnosis",
        kind="choice",
        topic="fundamentals",
        topic_title="ML fundamentals",
        difficulty="easy",
        prompt="Is <!channel> & <@U1> safe?",
        options=("yes", "no", "maybe"),
        post_id=7,
        answered_count=0,
        private=False,
    )
    ts = await http_adapter.publisher.post(CHANNEL, card)
    (posted,) = mock_slack.named("chat.postMessage")
    assert posted.body["channel"] == "C0STUDY" and ts.startswith("1700000000.")
    assert buttons(posted)[0]["value"] == "7|underfit-diagnosis|A"
    assert "<!channel>" not in shown(posted) and "&lt;!channel&gt; &amp;" in shown(posted)
    await http_adapter.publisher.edit(CHANNEL, ts, Notice("Answers are closed."))
    (updated,) = mock_slack.named("chat.update")
    assert updated.body["ts"] == ts and updated.body["channel"] == "C0STUDY"
    assert "Answers are closed." in shown(updated)


async def test_publisher_retries_when_rate_limited(http_adapter: SlackAdapter, mock_slack: MockSlack) -> None:
    mock_slack.fail_next("chat.postMessage", status=429, retry_after=0)
    ts = await http_adapter.publisher.post(CHANNEL, Notice("Daily question soon."))
    assert len(mock_slack.named("chat.postMessage")) == 2
    assert ts
