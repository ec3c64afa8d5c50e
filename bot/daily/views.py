"""Replies about daily questions: the public card, its reveal, the weekly board, schedule text."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.daily.schedule import ScheduleSpec, describe_days, describe_delay
from bot.grading import Verdict, choice_letter
from bot.models import LETTERS, Channel, ChoiceQuestion, Question
from bot.replies import LeaderboardRow, OptionCount, QuestionCard, Reveal
from bot.service import card_for, correct_answer_text
from bot.storage.daily_rows import PostAnswer, ScheduleRow
from bot.topics import Topics

TOP_ANSWERERS = 5


def public_card(
    question: Question,
    topics: Topics,
    post_id: int,
    answered: int,
    closes_at: datetime | None,
    timezone: str,
    *,
    private: bool = False,
) -> QuestionCard:
    card = card_for(question, topics, post_id=post_id, answered=answered, private=private)
    if closes_at is None:
        return card
    return replace(card, closes_at=closes_at.astimezone(ZoneInfo(timezone)))


def distribution(question: Question, answers: list[PostAnswer]) -> tuple[OptionCount, ...]:
    if isinstance(question, ChoiceQuestion):
        letters = Counter(choice_letter(question, a.response) for a in answers)
        return tuple(
            OptionCount(f"{letter}) {option}", letters.get(letter, 0), letter == question.answer)
            for letter, option in zip(LETTERS, question.options, strict=False)
        )
    verdicts = Counter(a.verdict for a in answers)
    return tuple(
        OptionCount("", verdicts.get(verdict.value, 0), verdict == Verdict.CORRECT, verdict)
        for verdict in (Verdict.CORRECT, Verdict.PARTIAL, Verdict.WRONG)
    )


def top_answerers(answers: list[PostAnswer]) -> tuple[LeaderboardRow, ...]:
    scored = sorted(
        (a for a in answers if a.verdict != Verdict.WRONG.value and a.on_boards),
        key=lambda a: (-a.points, a.answered_at),
    )
    return tuple(
        LeaderboardRow(rank, a.name, a.points, int(a.verdict == Verdict.CORRECT.value))
        for rank, a in enumerate(scored[:TOP_ANSWERERS], start=1)
    )


def reveal_for(
    question: Question, topics: Topics, post_id: int, answers: list[PostAnswer], *, private: bool = False
) -> Reveal:
    return Reveal(
        question_id=question.id,
        topic_title=topics.title(question.topic),
        difficulty=question.difficulty.value,
        prompt=question.prompt,
        correct_answer=correct_answer_text(question),
        explanation=question.explanation,
        answered_count=len(answers),
        correct_count=sum(a.verdict == Verdict.CORRECT.value for a in answers),
        distribution=distribution(question, answers),
        top=top_answerers(answers),
        post_id=post_id,
        private=private,
    )


def describe_schedule(schedule: ScheduleRow, known: Topics, next_post: datetime | None) -> str:
    spec: ScheduleSpec = schedule.spec
    topics = ", ".join(known.titles(spec.topics)) or "all topics"
    level = spec.difficulty.value if spec.difficulty else "any difficulty"
    text = (
        f"Daily question at {spec.post_time:%H:%M} {spec.timezone}, {describe_days(spec.weekdays)}; "
        f"{topics}; {level}; answer revealed after {describe_delay(spec.reveal_after)}. "
        "The weekly leaderboard is posted on Mondays."
    )
    if schedule.paused and schedule.paused_reason:
        return text + (
            " Paused because the bot cannot post here: "
            f"{schedule.paused_reason} Then /prep schedule resume to restart it."
        )
    if schedule.paused:
        return text + " Paused: /prep schedule resume to restart it."
    if next_post is not None:
        text += f" Next post: {local_time(spec, next_post)}."
    return text


def local_time(spec: ScheduleSpec, moment: datetime) -> str:
    """A post time as the channel's schedule reads it: `Mon 16 Nov 09:00 CET`."""
    return f"{moment.astimezone(spec.zone):%a %d %b %H:%M %Z}"


def schedule_channel(schedule: ScheduleRow) -> Channel:
    return Channel(
        platform=schedule.platform, community_id=schedule.community_id, channel_id=schedule.channel_id
    )
