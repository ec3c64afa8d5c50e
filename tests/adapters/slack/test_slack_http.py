"""The real Bolt app in HTTP mode, over a real socket, with signed requests and the mock Web API."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.answer_feedback import ANSWERED_BEFORE
from bot.dispatch import Dispatcher
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import (
    ADMIN,
    MEMBER,
    SlackSender,
    action_payload,
    buttons,
    click,
    command,
    command_body,
    feedback_blocks,
    shown,
)


async def test_prep_alone_shows_help_privately(slack: SlackSender) -> None:
    reply = await command(slack, "")
    assert reply.body["response_type"] == "ephemeral"
    assert "/prep quiz [topic|weak] [difficulty]" in shown(reply)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", "/prep leaderboard"),
        ("topics", "unsupervised-learning"),
        ("quiz fundamentals easy", "training and validation data"),
        ("answer B", "You have no open question"),
        ("leaderboard week", "Leaderboard — This week"),
        ("stats", "Stats for ada"),
        ("today", "Daily questions are not available"),
        ("frobnicate", "Unknown command"),
    ],
)
async def test_each_member_subcommand(slack: SlackSender, text: str, expected: str) -> None:
    reply = await command(slack, text)
    assert expected in shown(reply)


async def test_quiz_then_typed_answer(slack: SlackSender) -> None:
    await command(slack, "quiz fundamentals easy")
    reply = await command(slack, "answer B")
    assert "Correct!" in shown(reply)
    assert reply.body["response_type"] == "ephemeral"


@pytest.mark.parametrize("text", ["schedule set 09:00", "schedule show", "post-now"])
async def test_non_admin_cannot_run_admin_subcommands(slack: SlackSender, text: str) -> None:
    reply = await command(slack, text)
    assert "Only admins" in shown(reply)
    assert reply.body["response_type"] == "ephemeral"


@pytest.mark.parametrize("user", [ADMIN, "UCONFIG"])
async def test_workspace_and_configured_admins_pass_the_admin_check(slack: SlackSender, user: str) -> None:
    reply = await command(slack, "post-now", user=user, name="grace")
    assert "Only admins" not in shown(reply)
    assert "Daily questions are not available" in shown(reply)


async def test_choice_button_records_one_attempt_with_private_feedback(slack: SlackSender) -> None:
    card = await command(slack, "quiz fundamentals easy")
    choices = buttons(card)
    assert [b["text"]["text"] for b in choices] == ["A", "B", "C", "D"]
    assert choices[1]["value"] == "0|underfit-diagnosis|B"
    feedback, _ = await click(slack, choices[1])
    assert feedback.body["response_type"] == "ephemeral"
    assert feedback.body["replace_original"] is False
    assert "Correct!" in shown(feedback) and "+" in shown(feedback)
    stats = await command(slack, "stats")
    assert "1/1 correct" in shown(stats)


async def test_double_click_shows_the_first_answers_feedback(slack: SlackSender) -> None:
    card = await command(slack, "quiz fundamentals easy")
    first, _ = await click(slack, buttons(card)[1])
    second, _ = await click(slack, buttons(card)[0])
    assert "Correct!" in shown(first)
    assert ANSWERED_BEFORE in shown(second)
    assert feedback_blocks(second) == feedback_blocks(first)
    assert "1/1 correct" in shown(await command(slack, "stats"))


async def test_button_from_before_a_restart_still_answers(slack: SlackSender) -> None:
    await command(slack, "quiz data-preparation hard")
    # The value alone names the question, so a message from an earlier process still works.
    old_button = {"action_id": "prep_choice_B", "value": "0|leakage-signal|B"}
    feedback, _ = await click(slack, old_button, message_ts="1600000000.000001")
    assert "Correct!" in shown(feedback)


async def test_slack_retry_is_acknowledged_without_recording_twice(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    card = await command(slack, "quiz fundamentals easy")
    _, payload = await click(slack, buttons(card)[1])
    assert await slack.interaction(payload, retry=1) == (200, "")
    assert await slack.interaction(payload, retry=2) == (200, "")
    assert "1/1 correct" in shown(await command(slack, "stats"))
    hook = payload["response_url"].rsplit("/", 1)[1]
    assert [c.headers["hook"] for c in mock_slack.named("response_url")].count(hook) == 1


async def test_retried_slash_command_runs_once(slack: SlackSender, mock_slack: MockSlack) -> None:
    body = command_body(mock_slack, "leaderboard")
    assert await slack.form(body) == (200, "")
    await mock_slack.wait_for("response_url", 1)
    assert await slack.form(body, retry=1) == (200, "")
    await command(slack, "help")
    hook = body["response_url"].rsplit("/", 1)[1]
    assert [c.headers["hook"] for c in mock_slack.named("response_url")].count(hook) == 1


@pytest.mark.parametrize("problem", ["bad signature", "stale timestamp"])
async def test_unverified_requests_are_rejected_before_any_handler(
    slack: SlackSender, mock_slack: MockSlack, problem: str
) -> None:
    card = {"action_id": "prep_choice_B", "value": "0|underfit-diagnosis|B"}
    payload = action_payload(mock_slack, card)
    options: dict[str, Any] = (
        {"secret": "not-the-secret"}
        if problem == "bad signature"
        else {"timestamp": int(time.time()) - 6 * 60}
    )
    status, _ = await slack.interaction(payload, **options)
    assert status == 401
    status, _ = await slack.form(command_body(mock_slack, "stats"), **options)
    assert status == 401
    stats = await command(slack, "stats")
    assert "0/0 correct" in shown(stats)
    assert len(mock_slack.named("response_url")) == 1


async def test_user_text_cannot_mention_broadcast_or_disguise_links(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    evil = "<!channel> & <@U123> <https://evil|bank> <!here>"
    card = await command(slack, "quiz fundamentals easy", name=evil[:40])
    await click(slack, buttons(card)[1], name=evil[:40])
    await command(slack, "leaderboard all", name=evil[:40])
    await command(slack, f"stats {evil}")
    await command(slack, "quiz unsupervised-learning easy")
    await command(slack, f"answer {evil}")
    everything = "".join(shown(call) for call in mock_slack.named("response_url"))
    for dangerous in ("<!channel>", "<@U123>", "<https://evil", "<!here>"):
        assert dangerous not in everything
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in everything
    assert "&lt;https://evil|bank&gt;" in everything


async def test_tokens_are_sent_only_as_bearer_headers(slack: SlackSender, mock_slack: MockSlack) -> None:
    await command(slack, "post-now", user=MEMBER)
    info = mock_slack.named("users.info")[-1]
    assert info.headers["Authorization"] == "Bearer xoxb-test-bot-token"


async def test_stats_for_an_escaped_user_mention(slack: SlackSender) -> None:
    await command(slack, "quiz data-preparation hard")
    await click(slack, {"action_id": "prep_choice_B", "value": "0|leakage-signal|B"})
    reply = await command(slack, "stats <@UMEMBER|ada>", user=ADMIN, name="grace")
    assert "Stats for ada" in shown(reply)


async def test_unexpected_error_is_logged_and_apologised_for(
    slack: SlackSender, http_adapter: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(Dispatcher, "topics", broken)
    reply = await command(slack, "topics")
    assert "Sorry, something went wrong" in shown(reply)
    assert reply.body["response_type"] == "ephemeral"
    assert "database on fire" not in shown(reply)
    assert any("failed" in r.getMessage() and r.exc_info for r in caplog.records)
