"""Configuration mistakes: one line naming the variable, a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.ops.processes import prepbot


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"PREPBOT_LOG_LEVEL": "verbose"}, "PREPBOT_LOG_LEVEL"),
        ({"PREPBOT_TIMEZONE": "Mars/Olympus"}, "PREPBOT_TIMEZONE"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        ({"PREPBOT_GRADER_URL": "http://127.0.0.1:9/v1"}, "PREPBOT_GRADER_MODEL"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": "abc123"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_SECRET": "hunter2", "SLACK_SIGNING_SECRET": "abc123"}, "SLACK_CLIENT_ID"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "hunter2"}, "SLACK_SIGNING_SECRET"),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "hunter2", "SLACK_SIGNING_SECRET": "abc123"}
            | {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_BOT_TOKEN",
        ),
        ({"PREPBOT_ADMINS": "ada"}, "PREPBOT_ADMINS"),
        ({"PREPBOT_HTTP_PORT": "http"}, "PREPBOT_HTTP_PORT"),
        ({"PREPBOT_BUNDLED_QUESTIONS": "maybe"}, "PREPBOT_BUNDLED_QUESTIONS"),
        ({"DISCORD_SHARD_IDS": "0,1"}, "DISCORD_SHARD_COUNT"),
        ({"DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID"),
        ({"PREPBOT_CATCHUP_HOURS": "-1"}, "PREPBOT_CATCHUP_HOURS"),
        ({"PREPBOT_DATABASE_URL": "nonsense"}, "PREPBOT_DATABASE_URL"),
        ({"PREPBOT_DATABASE_URL": "mysql://quiz:hunter2@db/prep"}, "PREPBOT_DATABASE_URL"),
    ],
)
def test_a_configuration_mistake_is_one_line_naming_the_variable(
    variables: dict[str, str], named: str, tmp_path: Path
) -> None:
    result = prepbot("run", env=variables, cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0]
    assert "hunter2" not in lines[0]


def test_the_command_line_reads_dotenv_but_settings_built_in_code_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("PREPBOT_TIMEZONE=Mars/Olympus\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().timezone == "UTC"
    result = prepbot("content", "check", env={}, cwd=tmp_path)
    assert result.returncode != 0 and "PREPBOT_TIMEZONE" in result.stderr
