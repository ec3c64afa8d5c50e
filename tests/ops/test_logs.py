"""Logs: one `key=value` line per event, with ids, and never a token, secret or password."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from adapters.logs import configure_logging, log_ids
from bot.settings import Settings
from scheduler.daily_jobs import DailyScheduler
from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import MEMBER, SIGNING_SECRET, SlackSender, command, free_port
from tests.ops.processes import Bot, prepbot

DISCORD_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"
BOT_TOKEN = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
APP_TOKEN = "xapp-1-A0123456789-1234567890123-0123456789abcdef"
SIGNING = "8f2b0c6d4e1a9b7c3d5e6f708192a3b4"
PASSWORD = "pg-Pa55word-zz"
SECRETS = (DISCORD_TOKEN, BOT_TOKEN, APP_TOKEN, SIGNING, PASSWORD)


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    settings = Settings(
        discord_token=DISCORD_TOKEN,
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_signing_secret=SIGNING,
        database_url=f"postgresql://prep:{PASSWORD}@db:5432/prep",
        log_level="DEBUG",
    )
    handler = configure_logging(settings, stream)
    yield stream
    logging.getLogger().removeHandler(handler)


def test_secrets_never_reach_the_log(captured: io.StringIO) -> None:
    log = logging.getLogger("prepbot.test")
    log.info("connecting to %s", f"postgresql+asyncpg://prep:{PASSWORD}@db:5432/prep")
    log.debug("headers %s", {"Authorization": f"Bot {DISCORD_TOKEN}", "X-Slack": SIGNING})
    log.warning(
        "unknown tokens xoxp-999-888-777-abc and xapp-9-ZZ-1-ff and "
        "OTk5OTk5OTk5OTk5OTk5OTk5.Xx_Yy1.zzzzzzzzzzzzzzzzzzzzzzzzzzzz0"
    )
    try:
        raise RuntimeError(f"invalid_auth for token {BOT_TOKEN}; socket {APP_TOKEN}")
    except RuntimeError:
        log.exception("slack request failed")
    output = captured.getvalue()
    for secret in (*SECRETS, "xoxp-999-888-777-abc", "xapp-9-ZZ-1-ff", "zzzzzzzzzzzzzzzz"):
        assert secret not in output
    lines = output.splitlines()
    assert len(lines) == 4, "one line per event, traceback included"
    assert "postgresql+asyncpg://prep:***@db:5432/prep" in lines[0]
    assert lines[3].startswith("ts=") and " level=ERROR component=prepbot.test " in lines[3]
    assert "RuntimeError: invalid_auth for token ***" in lines[3] and "Traceback" in lines[3]


def test_ids_ride_along_from_the_context_and_from_extra(captured: io.StringIO) -> None:
    log = logging.getLogger("prepbot.daily")
    with log_ids(interaction="1234567890", channel="C0STUDY"):
        log.info("answer recorded")
    log.info("revealed", extra={"post": 42, "channel": "C0STUDY"})
    first, second = captured.getvalue().splitlines()
    assert 'component=prepbot.daily interaction=1234567890 channel=C0STUDY msg="answer recorded"' in first
    assert "channel=C0STUDY post=42 msg=revealed" in second


async def test_scheduler_jobs_log_the_channel_they_post_to(captured: io.StringIO) -> None:
    async def job(platform: str, channel_id: str) -> None:
        logging.getLogger("prepbot.daily").warning("post to %s failed; retrying", platform)

    scheduler = DailyScheduler(SimpleNamespace(listen=lambda listener: None))  # type: ignore[arg-type]
    await scheduler._run(job, "slack", "C0STUDY", ids={"channel": "C0STUDY"})
    assert 'channel=C0STUDY msg="post to slack failed; retrying"' in captured.getvalue()


async def test_a_running_bot_logs_ids_and_no_secret(
    tmp_path: Path, content_dir: Path, postgres_database: str
) -> None:
    """`prepbot run` on Slack (HTTP mode) and PostgreSQL, at DEBUG, password in the URL."""
    mock = MockSlack()
    await mock.start()
    mock.add_user(MEMBER, "ada")
    port = free_port()
    database = postgres_database.replace("postgresql://postgres@", f"postgresql://postgres:{PASSWORD}@")
    env = {
        "PREPBOT_DATABASE_URL": database,
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "PREPBOT_LOG_LEVEL": "DEBUG",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": mock.api_url,
        "PREPBOT_HTTP_PORT": str(port),
        "PREPBOT_HEALTH_FILE": str(tmp_path / "heartbeat.json"),
    }
    bot = await Bot.start(env, tmp_path)
    try:
        await bot.wait_for("serving /slack/events")
        slack = SlackSender(mock, f"http://127.0.0.1:{port}/slack/events")
        reply = await slack_command(slack, "quiz fundamentals easy")
        assert reply
        line = await bot.wait_for("slack /prep from team")
        bot.terminate()
        assert await bot.exit_code(15) == 0
    finally:
        await bot.kill()
        await mock.stop()
    assert "channel=C0STUDY" in line and "interaction=" in line
    for secret in (*SECRETS, SIGNING_SECRET):
        assert secret not in bot.stderr + bot.stdout
    failed = prepbot("run", env={"PREPBOT_DATABASE_URL": f"postgresql://u:{PASSWORD}@127.0.0.1:1/x"})
    assert failed.returncode != 0 and "***" in failed.stderr and PASSWORD not in failed.stderr


async def slack_command(slack: SlackSender, text: str) -> str:
    call = await command(slack, text)
    return str(call.body.get("text", ""))
