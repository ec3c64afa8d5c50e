"""Every shipped question, in every state, renders into messages real Slack accepts, whole.

The renderer's output goes through the mock's validators (adapters/slack/limits.py, with Slack's documented
limits); the texts a member needs (prompt, options, model answer, explanation, per-point evidence)
must all be there, split but never cut.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack import limits
from adapters.slack.actions import ModalContext, answer_modal, decode_value
from adapters.slack.blocks import escape
from adapters.slack.render import render
from bot.answer_review import AnswerReview, PointOpinion
from bot.bank import BUNDLED_CONTENT, QuestionBank
from bot.commands import MAX_ANSWER_CHARS
from bot.daily.views import reveal_for
from bot.grading import PointEvidence, PointStatus, Verdict
from bot.models import ChoiceQuestion, OpenQuestion, Question
from bot.replies import AnswerFeedback, Leaderboard, LeaderboardRow, OptionCount, Reply
from bot.service import card_for, correct_answer_text

BANK = QuestionBank.load(BUNDLED_CONTENT)
LARGEST_POST = 10**18 - 1  # 18 digits, the most a button value carries
HOSTILE_NAME = "*b* _i_ ~s~ `c` https://evil.example <!here> " + "&" * 80


def squashed(text: str) -> str:
    return "".join(text.split())


def shown(messages: list[dict[str, Any]]) -> str:
    return "".join(squashed(t) for m in messages for t in limits.texts(m["blocks"]))


def accepted(reply: Reply) -> list[dict[str, Any]]:
    messages = render(reply)
    for message in messages:
        assert limits.message(message) is None, limits.message(message)
    return messages


def worst_feedback(question: Question) -> AnswerFeedback:
    """Feedback with everything at its longest: every point quoted, notes, a long review."""
    quote = "w" * 200
    if isinstance(question, OpenQuestion):
        points = [p.point for p in question.rubric]
        evidence = tuple(
            PointEvidence(p, (PointStatus.MADE, PointStatus.CONTRADICTED)[i % 2], quote)
            for i, p in enumerate(points)
        )
        review = AnswerReview(tuple(PointOpinion(p, True, "q" * 300) for p in points), "f" * 1200)
        return AnswerFeedback(
            question.id,
            Verdict.PARTIAL,
            30,
            99_999,
            999,
            correct_answer_text(question),
            question.explanation,
            points_hit=tuple(points[::2]),
            points_missed=tuple(points[1::2]),
            model_answer=question.model_answer,
            evidence=evidence,
            daily_streak=365,
            notes=("n" * 300,) * 3,
            review=review,
        )
    return AnswerFeedback(
        question.id,
        Verdict.WRONG,
        0,
        10,
        1,
        correct_answer_text(question),
        question.explanation,
        your_answer="x" * MAX_ANSWER_CHARS,
        daily_streak=3,
    )


def worst_reveal(question: Question) -> Reply:
    reveal = reveal_for(question, BANK.topics, LARGEST_POST, [])
    options = question.options if isinstance(question, ChoiceQuestion) else ["right", "wrong"]
    top = tuple(LeaderboardRow(rank, HOSTILE_NAME, 10**6, 1) for rank in range(1, 11))
    return reveal.__class__(
        **{
            **reveal.__dict__,
            "answered_count": 10**6,
            "correct_count": 10**5,
            "distribution": tuple(OptionCount(o, 10**5) for o in options),
            "top": top,
        }
    )


@pytest.mark.parametrize("question_id", sorted(BANK.questions))
def test_every_question_in_every_state_fits_and_is_whole(question_id: str) -> None:
    question = BANK.questions[question_id]
    card = card_for(question, BANK.topics, post_id=LARGEST_POST, answered=10**6, private=False)
    card_shown = shown(accepted(card))
    assert squashed(escape(question.prompt)) in card_shown
    for option in getattr(question, "options", []):
        assert squashed(escape(option)) in card_shown
    for message in render(card):
        for block in message["blocks"]:
            for button in block.get("elements", []) if block["type"] == "actions" else []:
                assert decode_value(button["value"]) is not None
    feedback = worst_feedback(question)
    feedback_shown = shown(accepted(feedback))
    for needed in (question.explanation, getattr(question, "model_answer", "")):
        assert squashed(escape(needed)) in feedback_shown
    for point in feedback.point_evidence:
        assert squashed(escape(point.point)) in feedback_shown
    reveal_shown = shown(accepted(worst_reveal(question)))
    assert squashed(escape(question.explanation)) in reveal_shown
    assert squashed(escape(correct_answer_text(question))) in reveal_shown
    target = decode_value(f"{LARGEST_POST}|{question.id}|")
    assert target is not None
    context = ModalContext(target, "C" * 20, "https://hooks.slack.com/" + "x" * 200)
    assert limits.view(answer_modal(escape(question.prompt), context, MAX_ANSWER_CHARS)) is None


def test_the_longest_texts_the_schema_allows_still_fit() -> None:
    longest = "word " * 800  # 4,000 characters, more than the schema allows any text
    feedback = AnswerFeedback(
        "q",
        Verdict.PARTIAL,
        1,
        1,
        1,
        longest,
        longest,
        your_answer=longest,
        model_answer=longest,
        points_hit=("p" * 300,) * 6,
        evidence=tuple(PointEvidence("p" * 300, PointStatus.MADE, "q" * 150) for _ in range(6)),
        notes=(longest,),
    )
    messages = accepted(feedback)
    assert len(messages) >= 2, "too much for one message: it continues in a second one"
    assert shown(messages).count(squashed(longest)) == 4


def test_leaderboard_names_cannot_format_link_or_push_out_the_callers_rank() -> None:
    names = (HOSTILE_NAME, "&" * 80)
    rows = tuple(LeaderboardRow(rank, names[rank % 2], 100 - rank, 1) for rank in range(1, 11))
    caller = LeaderboardRow(42, "ada", 3, 1, is_caller=True)
    (message,) = accepted(Leaderboard("all", None, rows, caller))
    blocks = message["blocks"]
    assert blocks[-1]["text"]["text"] == "*Your rank:* 42. ada — 3 pts"
    board = blocks[1]["text"]
    assert board["verbatim"] is True, "bare URLs are not turned into links"
    for formatting in ("*b*", "_i_", "~s~", "`c`", "<!here>", "&&"):
        assert formatting not in board["text"]
    assert "&amp;" * 39 + "… —" in board["text"], "names are cut before escaping: whole entities"
    assert len({b["block_id"] for b in blocks}) == len(blocks)


def test_every_version_of_a_message_has_new_block_ids() -> None:
    card = card_for(BANK.questions[sorted(BANK.questions)[0]], BANK.topics, post_id=7, answered=1)
    first, second = render(card), render(card)
    ids = [{b["block_id"] for b in m["blocks"]} for m in (first[0], second[0])]
    assert ids[0] and not ids[0] & ids[1]
    assert json.dumps(first[0]["blocks"][1]) != json.dumps(second[0]["blocks"][1])
