"""`prepbot run` explains itself at start: nothing to run, platforms it cannot reach yet."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

import aiohttp

from tests.adapters.slack.slack_client import free_port
from tests.ops.processes import PREPBOT, Bot, environment

RETRY = re.compile(r"next attempt in \d+ s, at \d\d:\d\d:\d\dZ")


async def lines_with(bot: Bot, text: str, count: int) -> list[str]:
    """The first `count` stderr lines containing `text`, once that many were printed."""
    async with asyncio.timeout(60):
        while len(found := [line for line in bot.err if text in line]) < count:
            await asyncio.sleep(0.05)
    return found[:count]


def test_no_platform_and_no_terminal_says_what_to_set_and_fails(tmp_path: Path) -> None:
    """What `docker compose up -d` does without a token: stdin is /dev/null."""
    result = subprocess.run(
        [PREPBOT, "run"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=environment({}),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needed in (
        "DISCORD_TOKEN",
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "prepbot console",
    ):
        assert needed in lines[0]
    assert not (tmp_path / "data").exists(), "nothing is created when there is nothing to run"


async def test_discord_unreachable_is_one_line_per_attempt_without_voice_warnings(
    tmp_path: Path, content_dir: Path
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/api/v10"
    env = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "DISCORD_TOKEN": "MTIz.abc.def",
        "DISCORD_API_URL": closed,
        "PREPBOT_HEALTH_FILE": str(tmp_path / "heartbeat.json"),
    }
    bot = await Bot.start(env, tmp_path)
    try:
        failures = await lines_with(bot, "discord: cannot connect", 2)
        bot.terminate()
        assert await bot.exit_code(15) == 0
    finally:
        await bot.kill()
    assert all(RETRY.search(line) and "ClientConnectorError" in line for line in failures)
    assert "Traceback" not in bot.stderr
    assert "voice" not in bot.stderr


async def test_slack_unreachable_is_one_line_per_attempt(tmp_path: Path, content_dir: Path) -> None:
    env = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "SLACK_BOT_TOKEN": "xoxb-1-2-unreachable",
        "SLACK_APP_TOKEN": "xapp-1-unreachable",
        "SLACK_API_URL": f"http://127.0.0.1:{free_port()}/api/",
        "PREPBOT_HEALTH_FILE": str(tmp_path / "heartbeat.json"),
    }
    bot = await Bot.start(env, tmp_path)
    try:
        line = await bot.wait_for("slack: cannot connect")
        bot.terminate()
        assert await bot.exit_code(15) == 0
    finally:
        await bot.kill()
    assert "next attempt in 10 s, at " in line and RETRY.search(line)
    assert "Traceback" not in bot.stderr and "exc=" not in bot.stderr
    assert "token` will be unused" not in bot.stderr


async def test_run_with_install_settings_and_no_token_serves_the_install_page(
    tmp_path: Path, content_dir: Path
) -> None:
    port = free_port()
    env = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "SLACK_CLIENT_ID": "1234.5678",
        "SLACK_CLIENT_SECRET": "client-secret-value",
        "SLACK_SIGNING_SECRET": "signing-secret-value",
        "PREPBOT_HTTP_PORT": str(port),
        "PREPBOT_HEALTH_FILE": str(tmp_path / "heartbeat.json"),
    }
    bot = await Bot.start(env, tmp_path)
    try:
        await bot.wait_for("slack: HTTP mode")
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/slack/install", allow_redirects=False) as response,
        ):
            status, location = response.status, response.headers.get("Location", "")
        bot.terminate()
        assert await bot.exit_code(15) == 0
    finally:
        await bot.kill()
    assert status == 302 and location.startswith("https://slack.com/oauth/v2/authorize?")
    assert "client_id=1234.5678" in location
    assert "console" not in bot.stderr and "Traceback" not in bot.stderr
    assert "client-secret-value" not in bot.stderr + bot.stdout
