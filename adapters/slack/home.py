"""The App Home tab: the member's own stats and the workspace leaderboard."""

from __future__ import annotations

from typing import Any

from adapters.slack.render import leaderboard_lines, leaderboard_title, section, stats_lines
from bot.replies import Leaderboard, Stats


def home_view(stats: Stats, board: Leaderboard) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "prepbot"}},
            section("Practise ML-engineer interview questions with `/prep quiz`; "
                    "`/prep help` lists every command."),
            {"type": "divider"},
            section("\n".join(stats_lines(stats))),
            {"type": "divider"},
            section(leaderboard_title(board)),
            section("\n".join(leaderboard_lines(board))),
        ],
    }
