"""`/prep export` on Slack: the files go to the member's DM (Slack files cannot be ephemeral) and
the private reply says so."""

from __future__ import annotations

import csv
import io
import logging
import zipfile

import pytest
from aiohttp import web

from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import MEMBER, SlackSender, command, shown


async def a_wrong_answer(slack: SlackSender) -> None:
    await command(slack, "quiz fundamentals easy")
    await command(slack, "answer A")


async def test_no_history_gets_a_friendly_word_and_no_upload(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    reply = await command(slack, "export")
    assert "Nothing to export yet" in shown(reply) and reply.body["response_type"] == "ephemeral"
    assert mock_slack.calls_to("conversations.open") == [] and mock_slack.files == {}


async def test_the_files_go_to_the_members_dm_and_the_reply_says_so(
    slack: SlackSender, mock_slack: MockSlack
) -> None:
    await a_wrong_answer(slack)
    reply = await command(slack, "export")
    assert reply.body["response_type"] == "ephemeral"
    assert "Your export: 1 question (1 answered wrong" in shown(reply)
    assert "are in your direct message with prepbot" in shown(reply)
    dm = mock_slack.direct_channels[MEMBER]
    files = {f.filename: f for f in mock_slack.shared_files(dm)}
    assert set(files) == {"prepbot-review.apkg", "prepbot-review.csv"}
    assert [c.body["channel_id"] for c in mock_slack.named("files.completeUploadExternal")] == [dm]
    deck, sheet = files["prepbot-review.apkg"].content, files["prepbot-review.csv"].content
    assert deck is not None and sheet is not None
    assert "collection.anki2" in zipfile.ZipFile(io.BytesIO(deck)).namelist()
    [row] = list(csv.DictReader(io.StringIO(sheet.decode("utf-8-sig"))))
    assert row["why"] == "answered wrong"


async def test_a_refused_upload_says_nothing_was_sent(
    slack: SlackSender, mock_slack: MockSlack, caplog: pytest.LogCaptureFixture
) -> None:
    await a_wrong_answer(slack)
    mock_slack.break_method(
        "files.getUploadURLExternal", lambda: web.json_response({"ok": False, "error": "missing_scope"})
    )
    with caplog.at_level(logging.WARNING, logger="prepbot.slack"):
        reply = await command(slack, "export")
    assert "Slack did not take the files, so nothing was sent" in shown(reply)
    assert (
        "direct message" not in shown(reply)
        and mock_slack.shared_files(mock_slack.direct_channels[MEMBER]) == []
    )
    assert [r.getMessage() for r in caplog.records if "export" in r.getMessage()] == [
        f"export not uploaded for {MEMBER}: missing_scope"
    ]
