"""An open question's reveal tallies verdicts; each platform words them the same way."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.console.render import render as console_render
from adapters.discord.render import render as discord_render
from adapters.slack.render import render as slack_render
from bot.grading import Verdict
from bot.replies import OptionCount, Reveal

REVEAL = Reveal(
    question_id="explain-overfitting",
    topic_title="Fundamentals",
    difficulty="easy",
    prompt="Explain overfitting.",
    correct_answer="The model memorises noise.",
    explanation="It fits the training set's noise.",
    answered_count=6,
    correct_count=3,
    distribution=(
        OptionCount("", 3, True, Verdict.CORRECT),
        OptionCount("", 2, False, Verdict.PARTIAL),
        OptionCount("", 1, False, Verdict.WRONG),
    ),
    top=(),
    post_id=7,
)


def discord_text(reveal: Reveal) -> str:
    return repr([embed.to_dict() for page in discord_render(reveal).pages for embed in page])


def slack_text(reveal: Reveal) -> str:
    return repr(slack_render(reveal))


@pytest.mark.parametrize("render", [console_render, discord_text, slack_text])
def test_every_platform_names_each_verdict_of_the_tally(render: Callable[[Reveal], str]) -> None:
    shown = render(REVEAL)
    for words in ("Correct", "Partly right", "Not quite"):
        assert words in shown
    assert "Partly right: 2" in shown or "2  Partly right" in shown
