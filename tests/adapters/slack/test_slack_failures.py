"""When Slack fails or refuses: expired response_urls, users.info errors, dead channels, removals."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp import web

from adapters.slack import limits
from adapters.slack.app import SlackAdapter
from adapters.slack.lifecycle import Removal
from bot.models import Channel
from bot.ports import PostRefused
from bot.replies import Notice, QuestionCard, Reveal
from tests.adapters.slack.mock_slack import BOT_USER, TEAM_ID, MockSlack
from tests.adapters.slack.slack_client import (
    ADMIN,
    MEMBER,
    SlackSender,
    action_payload,
    buttons,
    command,
    command_body,
    home_event,
    shown,
)

CHANNEL = Channel(platform="slack", community_id=TEAM_ID, channel_id="C0STUDY")


async def test_feedback_after_the_response_url_expired_arrives_as_an_ephemeral_message(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    card = await command(slack, "quiz fundamentals easy")
    mock_slack.expired_hooks = True  # 30 minutes later
    payload = action_payload(mock_slack, {"action_id": "prep_choice_B", "value": buttons(card)[1]["value"]})
    assert await slack.interaction(payload) == (200, "")
    (fallback,) = await mock_slack.wait_for("chat.postEphemeral")
    assert fallback.body["user"] == MEMBER and fallback.body["channel"] == "C0STUDY"
    assert "Correct!" in shown(fallback)


@pytest.mark.parametrize(
    "failure",
    [
        lambda: web.Response(status=200, text="<html>upstream error</html>", content_type="text/html"),
        lambda: web.Response(status=200, text="{not json", content_type="application/json"),
        lambda: web.json_response({"ok": False, "error": "invalid_auth"}),
        lambda: web.json_response(
            {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
        ),
        lambda: web.Response(status=503, text="unavailable"),
    ],
    ids=["html", "broken-json", "invalid_auth", "429", "503"],
)
async def test_an_admin_is_told_to_try_again_when_slack_cannot_say(
    slack: SlackSender, mock_slack: MockSlack, failure: Callable[[], web.Response]
) -> None:
    mock_slack.break_method("users.info", failure)
    reply = await command(slack, "post-now", user=ADMIN, name="grace")
    assert "Only admins" not in shown(reply)
    assert "Could not check with Slack" in shown(reply) and "try again" in shown(reply)
    mock_slack.break_method("users.info", None)
    assert "Only admins" not in shown(await command(slack, "post-now", user=ADMIN, name="grace"))


async def test_a_member_slack_does_not_know_is_not_an_admin(slack: SlackSender) -> None:
    reply = await command(slack, "post-now", user="UNKNOWN", name="who")
    assert "Only admins" in shown(reply)


async def test_the_home_tab_opens_with_a_fallback_name_when_users_info_fails(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    mock_slack.break_method(
        "users.info", lambda: web.Response(status=200, text="<html>", content_type="text/html")
    )
    assert await slack.event(home_event(MEMBER)) == (200, "")
    (published,) = await mock_slack.wait_for("views.publish")
    assert "Stats for you" in json.dumps(published.body["view"])


@pytest.mark.parametrize(
    ("error", "fix"),
    [
        ("not_in_channel", "/invite @prepbot"),
        ("channel_not_found", "/invite @prepbot"),
        ("is_archived", "Unarchive"),
        ("invalid_auth", "Reinstall"),
        ("account_inactive", "Reinstall"),
        ("token_revoked", "Reinstall"),
        ("missing_scope", "Reinstall"),
    ],
)
async def test_a_post_slack_refuses_for_good_says_why_and_what_to_do(
    http_adapter: SlackAdapter, mock_slack: MockSlack, error: str, fix: str
) -> None:
    mock_slack.refuse_channel("C0STUDY", error)
    with pytest.raises(PostRefused) as refused:
        await http_adapter.publisher.post(CHANNEL, Notice("Daily question"))
    assert error in refused.value.reason and fix in refused.value.fix
    with pytest.raises(PostRefused):
        await http_adapter.publisher.edit(CHANNEL, "1700000000.000001", Notice("closed"))
    assert len(mock_slack.calls_to("chat.postMessage")) == 1, "not retried"


async def test_a_persistent_rate_limit_costs_three_calls_and_is_not_refusal(
    http_adapter: SlackAdapter, mock_slack: MockSlack
) -> None:
    for _ in range(5):
        mock_slack.fail_next("chat.postMessage", status=429, retry_after=0)
    with pytest.raises(Exception) as failed:
        await http_adapter.publisher.post(CHANNEL, Notice("Daily question"))
    assert not isinstance(failed.value, PostRefused)
    assert len(mock_slack.calls_to("chat.postMessage")) == 3


def live_card(count: int) -> QuestionCard:
    return QuestionCard(
        question_id="underfit-diagnosis",
        kind="choice",
        topic="fundamentals",
        topic_title="ML fundamentals",
        difficulty="easy",
        prompt="Which?",
        options=("a", "b", "c"),
        post_id=7,
        answered_count=count,
        private=False,
    )


async def test_live_count_updates_use_new_block_ids(
    http_adapter: SlackAdapter, mock_slack: MockSlack
) -> None:
    ts = await http_adapter.publisher.post(CHANNEL, live_card(0))
    for count in (1, 2, 3):
        await http_adapter.publisher.edit(CHANNEL, ts, live_card(count))
    assert len(mock_slack.named("chat.update")) == 3
    assert "3 answered so far" in shown(mock_slack.named("chat.update")[-1])


async def test_a_reveal_too_long_for_one_message_continues_in_its_thread(
    http_adapter: SlackAdapter, mock_slack: MockSlack
) -> None:
    long = "because " * 500
    ts = await http_adapter.publisher.post(CHANNEL, live_card(0))
    reveal = Reveal(
        "underfit-diagnosis", "ML fundamentals", "easy", "Which? " * 570, long, long, 3, 1, (), (), post_id=7
    )
    await http_adapter.publisher.edit(CHANNEL, ts, reveal)
    (updated,) = mock_slack.named("chat.update")
    follow_ups = [c for c in mock_slack.named("chat.postMessage") if c.body.get("thread_ts") == ts]
    assert follow_ups, "the rest of the reveal is in the thread"
    everything = "".join(
        "".join(t.split()) for c in (updated, *follow_ups) for t in limits.texts(c.body["blocks"])
    )
    assert everything.count("".join(long.split())) == 2


def removal_event(kind: str, **event: Any) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": "Ev" + uuid.uuid4().hex[:10],
        "event_time": int(time.time()),
        "event": {"type": kind, **event},
    }


async def test_removal_events_reach_the_adapter_listener(
    slack: SlackSender, http_adapter: SlackAdapter
) -> None:
    heard: list[Removal] = []

    async def listener(removal: Removal) -> None:
        heard.append(removal)

    http_adapter.removal_listener = listener
    events = [
        removal_event("channel_archive", channel="C0ARCH", user="U1"),
        removal_event("channel_deleted", channel="C0GONE"),
        removal_event("member_left_channel", user="USOMEONE", channel="C0STAY"),
        removal_event("member_left_channel", user=BOT_USER, channel="C0KICKED"),
        removal_event("tokens_revoked", tokens={"oauth": ["UHUMAN"]}),
        removal_event("tokens_revoked", tokens={"bot": [BOT_USER]}),
        removal_event("app_uninstalled"),
    ]
    for event in events:
        assert await slack.event(event) == (200, "")
    await command(slack, "help")  # listeners run after the ack; one more round trip settles them
    assert [(r.channel_id, r.reason.split()[-1]) for r in heard] == [
        ("C0ARCH", "archived"),
        ("C0GONE", "deleted"),
        ("C0KICKED", "channel"),
        (None, "revoked"),
        (None, "workspace"),
    ]
    assert "/invite @prepbot" in heard[2].fix


async def test_the_adapter_learns_its_workspace_at_start(
    http_adapter: SlackAdapter, mock_slack: MockSlack
) -> None:
    assert http_adapter.team_id == TEAM_ID and http_adapter.bot_user_id == BOT_USER
    assert mock_slack.named("auth.test")


async def test_slash_command_text_over_the_limit_is_refused_kindly(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    body = command_body(mock_slack, "stats " + "x" * 16_000)
    assert await slack.form(body) == (200, "")
    (reply,) = await mock_slack.wait_for("response_url")
    assert "the limit is 2,000" in shown(reply)
