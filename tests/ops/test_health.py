"""`prepbot health`: the database answers, and each configured platform's heartbeat says connected."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from adapters.health import STALE_AFTER, write_heartbeat
from tests.ops.processes import prepbot


def migrated(tmp_path: Path, database_url: str) -> dict[str, str]:
    settings = {
        "PREPBOT_DATABASE_URL": database_url,
        "PREPBOT_HEALTH_FILE": str(tmp_path / "run" / "heartbeat.json"),
    }
    assert prepbot("db", "upgrade", env=settings).returncode == 0
    return settings


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return migrated(tmp_path, f"sqlite:///{tmp_path / 'bot.db'}")


SLACK = {"SLACK_BOT_TOKEN": "xoxb-1-2-healthtoken", "SLACK_SIGNING_SECRET": "health-secret"}


def health(env: dict[str, str]) -> tuple[int, str]:
    result = prepbot("health", env=env)
    text = (result.stdout + result.stderr).strip()
    assert len(text.splitlines()) == 1, text
    return result.returncode, text


def test_console_setup_is_healthy_when_the_database_answers(tmp_path: Path, database_url: str) -> None:
    """SQLite, and PostgreSQL when a server answers."""
    assert health(migrated(tmp_path, database_url)) == (0, "healthy: database answers")


def test_an_unreachable_database_is_unhealthy_with_the_password_masked(tmp_path: Path) -> None:
    code, line = health({"PREPBOT_DATABASE_URL": "postgresql://prep:pw-9f8e7d@127.0.0.1:1/prep"})
    assert code == 1 and line.startswith("unhealthy: database postgresql://prep:***@127.0.0.1:1/prep")
    assert "pw-9f8e7d" not in line
    code, line = health({"PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'missing.db'}"})
    assert code == 1 and "does not exist" in line


def test_a_platform_needs_a_fresh_heartbeat_saying_connected(env: dict[str, str]) -> None:
    slack = env | SLACK
    beat = Path(env["PREPBOT_HEALTH_FILE"])
    assert health(slack) == (1, f"unhealthy: no heartbeat at {beat}: is `prepbot run` running?")
    write_heartbeat(beat, {"slack": False})
    assert health(slack) == (1, "unhealthy: slack not connected")
    write_heartbeat(beat, {"slack": True})
    assert health(slack) == (0, "healthy: database answers; slack connected")
    both = slack | {"DISCORD_TOKEN": "discord-token-for-health"}
    assert health(both) == (1, "unhealthy: discord not connected")
    write_heartbeat(beat, {"slack": True}, state="stopping")
    assert health(slack) == (1, "unhealthy: the bot is stopping")


def test_a_stale_heartbeat_is_unhealthy(env: dict[str, str]) -> None:
    beat = Path(env["PREPBOT_HEALTH_FILE"])
    beat.parent.mkdir(parents=True, exist_ok=True)
    beat.write_text(
        json.dumps(
            {
                "pid": 1,
                "state": "running",
                "platforms": {"slack": True},
                "updated": time.time() - STALE_AFTER - 5,
            }
        ),
        encoding="utf-8",
    )
    code, line = health(env | SLACK)
    assert code == 1 and "old (the bot is stuck or stopped)" in line


def test_health_has_help() -> None:
    result = prepbot("health", "--help", env={})
    assert result.returncode == 0 and "HEALTHCHECK" in result.stdout


async def test_a_read_only_database_is_unhealthy(tmp_path: Path) -> None:
    """A database that answers reads but refuses writes (here SQLite opened read-only) cannot
    record anyone's answer."""
    from adapters.health import database_answers
    from bot.settings import Settings

    path = tmp_path / "bot.db"
    migrated(tmp_path, f"sqlite:///{path}")
    writable = Settings(database_url=f"sqlite:///{path}", _env_file=None)
    assert await database_answers(writable) is None
    read_only = Settings(database_url=f"sqlite:///file:{path}?mode=ro&uri=true", _env_file=None)
    reason = await database_answers(read_only)
    assert (
        reason is not None
        and reason.startswith("database sqlite:///file")
        and reason.endswith(" is read-only")
    )
    assert await database_answers(writable) is None, "the probe left nothing behind"
