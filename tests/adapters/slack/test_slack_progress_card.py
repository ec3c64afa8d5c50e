"""`/prep stats` on Slack: text stats in the channel privately, the progress card in the member's DM."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiohttp import web

import adapters.progress_card
from adapters.slack.app import EVENTS_PATH, create_slack_adapter
from bot.bootstrap import Core, build_router
from tests.adapters.slack.conftest import http_settings, running, stop
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import MEMBER, SlackSender, command, shown

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IN_YOUR_DM = "Your progress card is in your direct message with prepbot"


async def answered_then_stats(slack: SlackSender) -> str:
    await command(slack, "quiz fundamentals easy")
    await command(slack, "answer B")
    return shown(await command(slack, "stats"))


async def test_the_card_goes_to_the_members_dm_and_the_reply_says_so(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    assert "1/1 correct" in await answered_then_stats(slack)
    note = (await mock_slack.wait_for("response_url", 4))[-1]
    assert IN_YOUR_DM in shown(note) and note.body["response_type"] == "ephemeral"
    dm = mock_slack.direct_channels[MEMBER]
    [card] = mock_slack.shared_files(dm)
    assert card.filename == "progress.png" and card.content is not None
    assert card.content.startswith(PNG_SIGNATURE) and "streak" in card.title
    assert [c.body["channel_id"] for c in mock_slack.named("files.completeUploadExternal")] == [dm]


async def test_a_failed_upload_leaves_the_text_stats_and_logs_one_line(
    slack: SlackSender, mock_slack: MockSlack, caplog: pytest.LogCaptureFixture
) -> None:
    mock_slack.break_method(
        "files.getUploadURLExternal", lambda: web.json_response({"ok": False, "error": "missing_scope"})
    )
    with caplog.at_level(logging.WARNING, logger="prepbot.slack"):
        assert "1/1 correct" in await answered_then_stats(slack)
        await mock_slack.wait_for("conversations.open")
        await asyncio.sleep(0.3)  # the upload attempt runs after the reply
    assert [r.getMessage() for r in caplog.records if "progress card" in r.getMessage()] == [
        f"progress card not uploaded for {MEMBER}: missing_scope"
    ]
    assert not any(IN_YOUR_DM in shown(c) for c in mock_slack.named("response_url"))


async def test_a_drawing_failure_sends_text_stats_only(
    slack: SlackSender, mock_slack: MockSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> object:
        raise RuntimeError("matplotlib crashed")

    monkeypatch.setattr(adapters.progress_card, "_pyplot", broken)
    assert "1/1 correct" in await answered_then_stats(slack)
    await asyncio.sleep(0.3)
    assert mock_slack.calls_to("conversations.open") == [] and mock_slack.files == {}


async def test_images_off_sends_no_card(mock_slack: MockSlack, sqlite_core: Core) -> None:
    settings = http_settings(
        mock_slack,
        content_dir=sqlite_core.settings.content_dir,
        database_url=sqlite_core.settings.database_url,
        images="off",
    )
    adapter = create_slack_adapter(settings, build_router(sqlite_core))
    task = await running(adapter)
    try:
        slack = SlackSender(mock_slack, f"http://127.0.0.1:{adapter.port}{EVENTS_PATH}")
        assert "1/1 correct" in await answered_then_stats(slack)
        await asyncio.sleep(0.3)
    finally:
        await stop(adapter, task)
    assert mock_slack.calls_to("conversations.open") == [] and mock_slack.files == {}
