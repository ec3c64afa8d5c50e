"""Colour and emphasis for replies in a terminal, with every line fitted to the terminal's width.

The words come from `render`, so piped and interactive sessions say the same thing; this module
only picks a style class per line from what the reply means, and folds lines that are still
wider than the terminal on word boundaries.
"""

from __future__ import annotations

import re
import textwrap
from functools import singledispatch

from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth

from adapters.console.render import render_at_width
from adapters.wording import how_to_answer
from bot.grading import Verdict
from bot.replies import AnswerFeedback, Leaderboard, Notice, QuestionCard, Reply, Reveal, Tone

STYLE = Style.from_dict(
    {
        "prompt": "bold",
        "title": "bold ansicyan",
        "update": "bold ansimagenta",
        "correct": "bold ansigreen",
        "partial": "bold ansiyellow",
        "wrong": "bold ansired",
        "error": "ansired",
        "success": "ansigreen",
        "made": "ansigreen",
        "missed": "ansiyellow",
        "contradicted": "ansired",
        "you": "bold",
        "hint": "italic",
        "label": "bold",
    }
)

VERDICT_CLASS = {Verdict.CORRECT: "correct", Verdict.PARTIAL: "partial", Verdict.WRONG: "wrong"}
TONE_CLASS = {Tone.ERROR: "error", Tone.SUCCESS: "success", Tone.INFO: ""}
POINT_CLASS = (("  covered:", "made"), ("  missing:", "missed"), ("  contradicted:", "contradicted"))
LABELS = ("Answer:", "Why:", "Model answer:", "Reviewer's notes:", "Top answerers today:")
OPTION = re.compile(r"^\s+[A-E]\) ")


@singledispatch
def line_class(reply: Reply, index: int, line: str) -> str:
    """Help, stats, topics: a title line, then plain lines."""
    return "title" if index == 0 else ""


@line_class.register
def _notice(reply: Notice, index: int, line: str) -> str:
    return TONE_CLASS[reply.tone]


@line_class.register
def _card(reply: QuestionCard, index: int, line: str) -> str:
    if index == 0:
        return "title"
    return "hint" if line == how_to_answer(reply) else ""


@line_class.register
def _feedback(reply: AnswerFeedback, index: int, line: str) -> str:
    if index == 0:
        return VERDICT_CLASS[reply.verdict]
    for prefix, style in POINT_CLASS:
        if line.startswith(prefix):
            return style
    return "label" if line.startswith(LABELS) else ""


@line_class.register
def _board(reply: Leaderboard, index: int, line: str) -> str:
    if index == 0:
        return "title"
    return "you" if line.endswith("<- you") else ""


@line_class.register
def _reveal(reply: Reveal, index: int, line: str) -> str:
    if index == 0:
        return "title"
    if line.endswith("<- correct") or line.startswith("Answer:"):
        return "correct"
    return "label" if line.startswith(LABELS) else ""


def fit(line: str, width: int) -> list[str]:
    """The line, folded on word boundaries when wider than `width`; folds keep its indent."""
    if get_cwidth(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    hanging = indent + "    " if OPTION.match(line) or indent else ""
    return textwrap.wrap(
        line, width=width, initial_indent="", subsequent_indent=hanging, drop_whitespace=True
    ) or [line]


def fitted(text: str, width: int, style: str = "") -> list[tuple[str, str]]:
    return [
        (f"class:{style}" if style else "", folded + "\n")
        for line in text.split("\n")
        for folded in fit(line, width)
    ]


def styled_reply(reply: Reply, width: int, heading: str | None = None) -> FormattedText:
    """The reply as styled lines no wider than `width`, with a blank line after it."""
    fragments: list[tuple[str, str]] = []
    if heading:
        fragments += fitted(f"--- {heading} ---", width, "update")
    for index, line in enumerate(render_at_width(reply, width).split("\n")):
        fragments += fitted(line, width, line_class(reply, index, line))
    fragments.append(("", "\n"))
    return FormattedText(fragments)
