"""Ids often name the answer (`fraud-label-delay-term`), so no card shows one before answering."""

from __future__ import annotations

import json
from typing import Any

from adapters.console.render import render as console_render
from adapters.discord.render import render as discord_render
from adapters.slack.render import render as slack_render
from bot.bank import BUNDLED_CONTENT, QuestionBank
from bot.service import card_for


def shown_text(blocks: Any) -> str:
    """The text a Slack member sees: every `text` in the blocks, not the buttons' hidden values."""
    if isinstance(blocks, dict):
        own = blocks["text"] if isinstance(blocks.get("text"), str) else ""
        return own + " ".join(shown_text(v) for k, v in blocks.items() if k != "value")
    if isinstance(blocks, list):
        return " ".join(shown_text(item) for item in blocks)
    return ""


def test_no_card_on_any_platform_shows_the_question_id() -> None:
    bank = QuestionBank.load(BUNDLED_CONTENT)
    references = set()
    for question in bank.questions.values():
        card = card_for(question, bank.topics, post_id=7, answered=3, private=False)
        shown = [
            console_render(card),
            json.dumps(discord_render(card).embed_dicts()),
            shown_text([b for m in slack_render(card) for b in m["blocks"]]),
        ]
        for text in shown:
            assert question.id not in text
        assert card.reference in shown[0] and card.reference in shown[2]
        references.add(card.reference)
    assert len(references) == len(bank.questions)
