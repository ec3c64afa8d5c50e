"""The App Home tab: the member's own stats and the workspace leaderboard."""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import sections, view_blocks
from adapters.slack.render import leaderboard_lines, leaderboard_title, own_rank_line, stats_lines
from bot.replies import Leaderboard, Stats


def home_view(stats: Stats, board: Leaderboard) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": view_blocks(
            [
                {"type": "header", "text": {"type": "plain_text", "text": "prepbot"}},
                *sections(
                    "Practise ML-engineer interview questions with `/prep quiz`; "
                    "`/prep help` lists every command."
                ),
                {"type": "divider"},
                *sections("\n".join(stats_lines(stats)), verbatim=True),
                {"type": "divider"},
                *sections(leaderboard_title(board)),
                *sections("\n".join(leaderboard_lines(board)), verbatim=True),
                *sections(own_rank_line(board), verbatim=True),
            ]
        ),
    }
