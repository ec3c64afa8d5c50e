"""The longest reveal a question can have, for `prepbot content check` to render on each platform."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.daily.views import reveal_for
from bot.grading import Verdict
from bot.models import LETTERS, ChoiceQuestion, Question
from bot.replies import Reveal
from bot.storage.daily_rows import PostAnswer
from bot.topics import Topics

ANSWERS_SHOWN = 30  # more answers than any reveal lists


def longest_reveal(question: Question, topics: Topics, *, post_id: int, name: str) -> Reveal:
    """A reveal of `question` answered by many members called `name`, with every verdict."""
    letters = LETTERS[: len(question.options)] if isinstance(question, ChoiceQuestion) else "A"
    verdicts = [v.value for v in Verdict]
    answers = [
        PostAnswer(
            member_id=i,
            name=name,
            response=letters[i % len(letters)],
            verdict=verdicts[i % len(verdicts)],
            points=30 - i,
            answered_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=i),
        )
        for i in range(ANSWERS_SHOWN)
    ]
    return reveal_for(question, topics, post_id=post_id, answers=answers)
