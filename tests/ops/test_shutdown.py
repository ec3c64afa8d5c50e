"""SIGTERM stops a real `prepbot run` within 10 s, exit code 0, finishing what was in flight."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.adapters.slack.mock_slack import MockSlack
from tests.adapters.slack.slack_client import (
    MEMBER,
    SIGNING_SECRET,
    SlackSender,
    command,
    command_body,
    free_port,
)
from tests.ops.processes import Bot, prepbot

BOT_TOKEN = "xoxb-1111-2222-shutdowntesttoken"
STOP_WITHIN = 10.0


def rows(database: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(query).fetchall()


def intact(database: Path) -> bool:
    return rows(database, "PRAGMA integrity_check") == [("ok",)]


async def stop(bot: Bot) -> tuple[int, float]:
    started = time.monotonic()
    bot.terminate()
    code = await bot.exit_code(STOP_WITHIN + 5)
    return code, time.monotonic() - started


async def test_sigterm_stops_the_console_cleanly(tmp_path: Path, content_dir: Path) -> None:
    database = tmp_path / "data" / "bot.db"
    env = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{database}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
    }
    bot = await Bot.start(env, tmp_path)
    try:
        await bot.type("/prep quiz fundamentals easy")
        await bot.type("/prep answer B")
        await bot.wait_for("Correct! +10 points", stream="out")
        code, took = await stop(bot)
    finally:
        await bot.kill()
    assert code == 0, bot.stderr
    assert took < STOP_WITHIN
    assert "SIGTERM received: stopping" in bot.stderr and "Traceback" not in bot.stderr
    assert intact(database)
    assert rows(database, "select question_id, verdict, points from attempts") == [
        ("underfit-diagnosis", "correct", 10)
    ]


class HeldSlack(MockSlack):
    """The mock Slack, able to hold response_url deliveries until the test lets them through."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.gate.set()
        self.arrived = asyncio.Event()

    async def _hook(self, request: web.Request) -> web.Response:
        self.arrived.set()
        await self.gate.wait()
        return await super()._hook(request)


@pytest.fixture
async def held_slack() -> AsyncIterator[HeldSlack]:
    mock = HeldSlack()
    await mock.start()
    mock.add_user(MEMBER, "ada")
    yield mock
    mock.gate.set()
    await mock.stop()


def slack_env(mock: MockSlack, tmp_path: Path, content_dir: Path, port: int) -> dict[str, str]:
    return {
        "PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'bot.db'}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": mock.api_url,
        "PREPBOT_HTTP_PORT": str(port),
        "PREPBOT_HEALTH_FILE": str(tmp_path / "heartbeat.json"),
    }


async def healthy_within(env: dict[str, str], cwd: Path, seconds: float) -> str:
    """`prepbot health` until it passes: the heartbeat is rewritten every second while connecting."""
    deadline = time.monotonic() + seconds
    while True:
        result = await asyncio.to_thread(prepbot, "health", env=env, cwd=cwd)
        if result.returncode == 0 or time.monotonic() > deadline:
            return result.stdout + result.stderr


async def test_sigterm_in_slack_http_mode_finishes_the_command_in_flight(
    held_slack: HeldSlack, tmp_path: Path, content_dir: Path
) -> None:
    port = free_port()
    env = slack_env(held_slack, tmp_path, content_dir, port)
    bot = await Bot.start(env, tmp_path)
    try:
        await bot.wait_for("serving /slack/events")
        assert (
            await healthy_within(env, tmp_path, 10)
        ).strip() == "healthy: database answers; slack connected"
        slack = SlackSender(held_slack, f"http://127.0.0.1:{port}/slack/events")
        await command(slack, "quiz fundamentals easy")

        # The answer is acknowledged and recorded; its reply is on its way when SIGTERM arrives.
        held_slack.gate.clear()
        held_slack.arrived.clear()
        answer = command_body(held_slack, "answer B")
        assert await slack.form(answer) == (200, "")
        async with asyncio.timeout(5):
            await held_slack.arrived.wait()
        started = time.monotonic()
        bot.terminate()
        await bot.wait_for("refusing new commands")
        late = command_body(held_slack, "stats")
        assert await slack.form(late) == (200, "")
        assert bot.process.returncode is None, "prepbot exited before its reply was delivered"
        held_slack.gate.set()
        code = await bot.exit_code(STOP_WITHIN + 5)
        took = time.monotonic() - started
    finally:
        held_slack.gate.set()
        await bot.kill()
    assert code == 0, bot.stderr
    assert took < STOP_WITHIN
    replies = {call.headers["hook"]: call.body.get("text", "") for call in held_slack.named("response_url")}
    assert "*Correct!* +10 points" in replies[answer["response_url"].rsplit("/", 1)[1]]
    assert "restarting" in replies[late["response_url"].rsplit("/", 1)[1]]
    database = tmp_path / "data" / "bot.db"
    assert intact(database)
    assert rows(database, "select question_id, verdict from attempts") == [("underfit-diagnosis", "correct")]
    assert not (tmp_path / "heartbeat.json").exists()
    gone = await asyncio.to_thread(prepbot, "health", env=env, cwd=tmp_path)
    assert gone.returncode == 1 and "no heartbeat" in gone.stderr
