"""The schema's maximum lengths are what both platforms show whole: a question at every maximum
renders on Discord and Slack with its prompt, options and explanation each in one block; one
character more is refused when the pack loads, with a message that says what to shorten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from adapters.content_fit import states, unfit_states
from adapters.discord import limits as discord_limits
from adapters.discord.render import render as discord_render
from adapters.slack import limits as slack_limits
from adapters.slack.render import render as slack_render
from bot.bank import BUNDLED_CONTENT, QuestionBank, load_content
from bot.errors import ContentError
from bot.models import (
    DISCORD_FIELD,
    EXPLANATION_MAX,
    MODEL_ANSWER_MAX,
    OPTION_LINE,
    OPTIONS_LISTING_MAX,
    PROMPT_MAX,
    SLACK_SECTION,
    ChoiceQuestion,
    OpenQuestion,
    Question,
)
from bot.service import card_for

TOPICS = QuestionBank.load(BUNDLED_CONTENT).topics


def words(length: int, word: str = "word") -> str:
    """Plain words, exactly `length` characters long."""
    text = (f"{word} " * length)[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def options_at_the_maximum(count: int = 5) -> list[str]:
    each = (OPTIONS_LISTING_MAX - (count - 1)) // count - len(OPTION_LINE)
    options = [words(each, f"opt{letter}") for letter in "abcde"[:count]]
    listed = sum(len(OPTION_LINE) + len(o) for o in options) + count - 1
    options[-1] += "y" * (OPTIONS_LISTING_MAX - listed)
    return options


def choice(**changes: Any) -> dict[str, Any]:
    return {
        "id": "longest-choice",
        "kind": "choice",
        "topic": "fundamentals",
        "difficulty": "hard",
        "prompt": words(PROMPT_MAX),
        "options": options_at_the_maximum(),
        "answer": "B",
        "explanation": words(EXPLANATION_MAX),
        "sources": ["general"],
    } | changes


def open_question(**changes: Any) -> dict[str, Any]:
    return {
        "id": "longest-open",
        "kind": "open",
        "topic": "fundamentals",
        "difficulty": "hard",
        "prompt": words(PROMPT_MAX),
        "model_answer": words(MODEL_ANSWER_MAX),
        "rubric": [{"point": words(300, f"point{i}"), "any": [f"term{i}"]} for i in range(6)],
        "explanation": words(EXPLANATION_MAX),
        "sources": ["general"],
    } | changes


def test_the_maximum_lengths_are_the_platforms_block_sizes() -> None:
    assert SLACK_SECTION == slack_limits.SECTION_TEXT
    assert DISCORD_FIELD == discord_limits.FIELD_VALUE
    assert PROMPT_MAX == SLACK_SECTION <= discord_limits.EMBED_DESCRIPTION
    assert OPTIONS_LISTING_MAX == DISCORD_FIELD


@pytest.mark.parametrize(
    "question", [ChoiceQuestion(**choice()), OpenQuestion(**open_question())], ids=["choice", "open"]
)
def test_a_question_at_every_maximum_renders_whole_on_both_platforms(question: Question) -> None:
    assert list(unfit_states(question, TOPICS)) == []
    card = card_for(question, TOPICS, post_id=10**17, answered=10)
    (discord_card,) = discord_render(card).messages()  # one message: its buttons are edited in place
    embed = discord_card[0][0].to_dict()
    assert embed["description"] == question.prompt
    if isinstance(question, ChoiceQuestion):
        assert [f["name"] for f in embed["fields"]] == ["Options"]
    (slack_card,) = slack_render(card)
    sections = [b["text"]["text"] for b in slack_card["blocks"] if b["type"] == "section"]
    assert question.prompt in sections
    feedback = next(reply for state, reply in states(question, TOPICS) if state.startswith("feedback"))
    shown = [b["text"]["text"] for m in slack_render(feedback) for b in m["blocks"] if b["type"] == "section"]
    assert f"*Why:* {question.explanation}" in shown
    if isinstance(question, OpenQuestion):
        assert f"*Model answer:*\n{question.model_answer}" in shown


@pytest.mark.parametrize(
    ("question", "field", "limit"),
    [
        (choice(prompt=words(PROMPT_MAX + 1)), "prompt", PROMPT_MAX),
        (choice(explanation=words(EXPLANATION_MAX + 1)), "explanation", EXPLANATION_MAX),
        (open_question(model_answer=words(MODEL_ANSWER_MAX + 1)), "model_answer", MODEL_ANSWER_MAX),
    ],
    ids=["prompt", "explanation", "model_answer"],
)
def test_one_character_past_a_maximum_is_refused(
    tmp_path: Path, question: dict[str, Any], field: str, limit: int
) -> None:
    (tmp_path / "long.yaml").write_text(
        yaml.safe_dump({"pack": "long", "title": "Long", "questions": [question]}), encoding="utf-8"
    )
    with pytest.raises(ContentError) as refused:
        load_content([tmp_path], bundled_questions=False)
    (problem,) = refused.value.problems
    assert f"question '{question['id']}': field '{field}'" in problem.message
    assert f"at most {limit} characters" in problem.message


def test_options_one_character_past_one_discord_field_are_refused(tmp_path: Path) -> None:
    options = options_at_the_maximum()
    options[0] += "z"
    (tmp_path / "long.yaml").write_text(
        yaml.safe_dump({"pack": "long", "title": "Long", "questions": [choice(options=options)]}),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as refused:
        load_content([tmp_path], bundled_questions=False)
    (problem,) = refused.value.problems
    assert "question 'longest-choice'" in problem.message
    assert f"the options take {OPTIONS_LISTING_MAX + 1:,} characters" in problem.message
    assert "shorten them" in problem.message
