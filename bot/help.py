"""The help text: one line per entry of the `/prep` command table."""

from __future__ import annotations

from bot.commands import COMMAND_TABLE
from bot.replies import CommandHelp, Help

COMMANDS = tuple(CommandHelp(c.usage, c.summary, admin_only=c.admin_only) for c in COMMAND_TABLE)

INTRO = (
    "prepbot helps your study group practise for machine-learning-engineer interviews: "
    "multiple-choice, short-answer and open interview questions, graded with explanations, "
    "with points, streaks and a leaderboard."
)


def help_reply() -> Help:
    return Help(INTRO, COMMANDS)
