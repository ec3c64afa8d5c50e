"""The /prep slash command as slack-manifest.yml declares it, from the command table
(tests/adapters/slack/test_slack_manifest.py checks the file says the same)."""

from __future__ import annotations

from bot.commands import MEMBER_COMMANDS, command_spec


def slash_description() -> str:
    """What Slack lists beside /prep: the member commands by name."""
    return "Practise interview questions: " + ", ".join(MEMBER_COMMANDS)


def slash_usage_hint() -> str:
    """The hint Slack shows while typing /prep: each member command's usage."""
    return " | ".join(command_spec(name).usage.removeprefix("/prep ") for name in MEMBER_COMMANDS)
