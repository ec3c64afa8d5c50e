"""Every shipped question, in every state a member sees it, fits Discord without losing a word."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.discord.embeds import Rendered, no_mentions, plain
from adapters.discord.layout import CONTINUED, split
from adapters.discord.limits import check_message
from adapters.discord.render import render
from bot.answer_review import AnswerReview, PointOpinion
from bot.bank import BUNDLED_CONTENT, QuestionBank
from bot.daily.views import reveal_for
from bot.grading import PointEvidence, PointStatus, Verdict
from bot.models import LETTERS, ChoiceQuestion, OpenQuestion, Question
from bot.replies import AnswerFeedback, Leaderboard, LeaderboardRow, Reply, Reveal
from bot.service import card_for, correct_answer_text
from bot.storage.daily_rows import PostAnswer
from bot.topics import Topics

BANK = QuestionBank.load(BUNDLED_CONTENT)
QUESTIONS = sorted(BANK.questions.values(), key=lambda q: q.id)
# A member's longest answer (the modal's 2,000 characters), names at their 100-character maximum
# and full of markdown that escaping doubles.
LONG_ANSWER = " ".join(f"word{i}" for i in range(330))[:2000]
NAME = "*_`~|" * 20
QUOTE = "a clause the member wrote that made this point, quoted back to them at some length " * 3


def pages_of(rendered: Rendered) -> list[dict[str, Any]]:
    """Each message as sent: its embeds, and the buttons on the first."""
    rows = rendered.view.to_components() if rendered.view else []
    return [
        {"embeds": [e.to_dict() for e in page], "components": rows if index == 0 else []}
        for index, page in enumerate(rendered.pages)
    ]


def assert_accepted(reply: Reply) -> Rendered:
    rendered = render(reply)
    for page in pages_of(rendered):
        assert check_message(page) == {}, check_message(page)
    return rendered


def words(text: str) -> list[str]:
    return [word for word in text.split() if word != "```"]


def shown_words(rendered: Rendered, name: str) -> list[str]:
    """The words of the section `name`, over all its fields in order."""
    return [
        word
        for embed in rendered.embed_dicts()
        for field in embed.get("fields", [])
        if field["name"] in (name, name + CONTINUED)
        for word in words(field["value"])
    ]


def description_words(rendered: Rendered) -> list[str]:
    return [word for embed in rendered.embed_dicts() for word in words(embed.get("description", ""))]


def feedback(question: Question, verdict: Verdict) -> AnswerFeedback:
    base = AnswerFeedback(
        question_id=question.id,
        verdict=verdict,
        points=30,
        total_points=99_999,
        streak=999,
        daily_streak=999,
        correct_answer=correct_answer_text(question),
        explanation=question.explanation,
        your_answer=LONG_ANSWER,
    )
    if not isinstance(question, OpenQuestion):
        return base
    statuses = {
        Verdict.CORRECT: [PointStatus.MADE],
        Verdict.WRONG: [PointStatus.CONTRADICTED],
        Verdict.PARTIAL: [PointStatus.MADE, PointStatus.MISSED, PointStatus.CONTRADICTED],
    }
    cycle = statuses[verdict]
    evidence = tuple(
        PointEvidence(
            p.point, cycle[i % len(cycle)], "" if cycle[i % len(cycle)] == PointStatus.MISSED else QUOTE
        )
        for i, p in enumerate(question.rubric)
    )
    review = AnswerReview(
        tuple(PointOpinion(p.point, True, QUOTE) for p in question.rubric),
        "The reviewer's overall feedback on the answer. " * 12,
    )
    return AnswerFeedback(
        **{
            **base.__dict__,
            "evidence": evidence,
            "model_answer": question.model_answer,
            "points_hit": (question.rubric[0].point,),
            "notes": ("A note about how the answer was read.",),
            "review": review,
        }
    )


def reveal(question: Question) -> Reveal:
    verdicts = [v.value for v in Verdict]
    letters = LETTERS[: len(question.options)] if isinstance(question, ChoiceQuestion) else "A"
    answers = [
        PostAnswer(
            member_id=i,
            name=NAME + str(i),
            response=letters[i % len(letters)],
            verdict=verdicts[i % 3],
            points=30 - i,
            answered_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=i),
        )
        for i in range(40)
    ]
    return reveal_for(question, BANK.topics, post_id=10**17, answers=answers)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_every_question_fits_in_every_state(question: Question) -> None:
    topics: Topics = BANK.topics
    for post_id in (None, 10**17):
        card = assert_accepted(card_for(question, topics, post_id=post_id, answered=99_999))
        assert len(card.pages) == 1, "a card is one message: its buttons and later edits need that"
        assert description_words(card) == words(no_mentions(question.prompt))
    for verdict in Verdict:
        shown = assert_accepted(feedback(question, verdict))
        assert shown_words(shown, "Why") == words(no_mentions(question.explanation))
        assert shown_words(shown, "Your answer") == words(plain(LONG_ANSWER))
        if isinstance(question, OpenQuestion):
            assert shown_words(shown, "Model answer") == words(no_mentions(question.model_answer))
            for point in question.rubric:
                assert " ".join(words(plain(point.point))) in " ".join(shown_words(shown, "Key points"))
        else:
            assert shown_words(shown, "Answer") == words(no_mentions(correct_answer_text(question)))
    shown = assert_accepted(reveal(question))
    assert description_words(shown) == words(no_mentions(question.prompt))
    assert shown_words(shown, "Answer") == words(no_mentions(correct_answer_text(question)))
    assert shown_words(shown, "Why") == words(no_mentions(question.explanation))
    assert len(shown_words(shown, "Top today")) > 0


def test_the_caller_keeps_their_rank_below_ten_long_names() -> None:
    rows = tuple(LeaderboardRow(rank, NAME, 1000 - rank, 5) for rank in range(1, 11))
    caller = LeaderboardRow(4711, "Ada", 3, 1, is_caller=True)
    shown = assert_accepted(Leaderboard("all", "A topic", rows, caller))
    assert "`4711.` **Ada** — 3 pts" in " ".join(
        f["value"] for e in shown.embed_dicts() for f in e.get("fields", [])
    )


@pytest.mark.parametrize("limit", [1024, 4096])
def test_splitting_keeps_every_word_and_code_blocks_closed(limit: int) -> None:
    text = (
        "Intro paragraph. " * 30
        + "\n\n```python\n"
        + "x = compute(y)\n" * 150
        + "```\n\n"
        + "unbreakable" * 200
    )
    pieces = split(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    assert all(piece.count("```") % 2 == 0 for piece in pieces)
    assert "".join(words(" ".join(pieces))) == "".join(words(text))  # a 2,200-letter word is cut
