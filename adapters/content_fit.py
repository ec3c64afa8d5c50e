"""Whether every question can be shown on Discord and Slack: `prepbot content check` renders each
one in every state a member sees it (card, feedback for each verdict, answer box, reveal) through
both platforms' renderers and checks what would be sent against their limits
(adapters/discord/limits.py, adapters/slack/limits.py).

Member-supplied parts are at their longest (a 2,000-character answer, names full of markdown, a
long review), so a question that passes here fits whatever members do with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace

from adapters.discord import limits as discord_limits
from adapters.discord.components import AnswerModal
from adapters.discord.render import render as discord_render
from adapters.slack import limits as slack_limits
from adapters.slack.actions import AnswerTarget, ModalContext, answer_modal
from adapters.slack.blocks import escape
from adapters.slack.render import render as slack_render
from bot.answer_review import MAX_FEEDBACK_CHARS, MAX_QUOTE_CHARS, AnswerReview, PointOpinion
from bot.bank import QuestionBank
from bot.commands import MAX_ANSWER_CHARS
from bot.daily.samples import longest_reveal
from bot.grading import PointEvidence, PointStatus, Verdict
from bot.models import ChoiceQuestion, OpenQuestion, Question
from bot.replies import AnswerFeedback, QuestionCard, Reply
from bot.service import card_for, correct_answer_text
from bot.topics import Topics

LARGEST_POST = 10**18 - 1  # the most digits a post id carries in a custom_id or button value
LONGEST_ANSWER = ("word " * MAX_ANSWER_CHARS)[:MAX_ANSWER_CHARS]
LONGEST_NAME = "*_`~&" * 20  # a 100-character display name that escaping makes longer
QUOTE = "q " * (MAX_QUOTE_CHARS // 2)
VERDICT_POINTS = {
    Verdict.CORRECT: (PointStatus.MADE,),
    Verdict.PARTIAL: (PointStatus.MADE, PointStatus.MISSED, PointStatus.CONTRADICTED),
    Verdict.WRONG: (PointStatus.CONTRADICTED, PointStatus.MISSED),
}


@dataclass(frozen=True)
class Unfit:
    """A state of a question one platform cannot show."""

    question_id: str
    platform: str
    state: str
    problem: str

    def __str__(self) -> str:
        return f"question '{self.question_id}': {self.platform}, {self.state}: {self.problem}"


def feedback(question: Question, verdict: Verdict) -> AnswerFeedback:
    shown = AnswerFeedback(
        question_id=question.id,
        verdict=verdict,
        points=30,
        total_points=10**6,
        streak=999,
        daily_streak=999,
        correct_answer=correct_answer_text(question),
        explanation=question.explanation,
        your_answer=LONGEST_ANSWER,
    )
    if not isinstance(question, OpenQuestion):
        return shown
    statuses = VERDICT_POINTS[verdict]
    evidence = tuple(
        PointEvidence(p.point, status, "" if status == PointStatus.MISSED else QUOTE)
        for p, status in zip(question.rubric, statuses * len(question.rubric), strict=False)
    )
    opinions = tuple(PointOpinion(p.point, True, QUOTE) for p in question.rubric)
    return replace(
        shown,
        evidence=evidence,
        points_hit=tuple(e.point for e in evidence if e.status == PointStatus.MADE),
        points_missed=tuple(e.point for e in evidence if e.status != PointStatus.MADE),
        model_answer=question.model_answer,
        notes=("A note on how the answer was read.",),
        review=AnswerReview(opinions, ("f " * MAX_FEEDBACK_CHARS)[:MAX_FEEDBACK_CHARS]),
    )


def reveal(question: Question, topics: Topics) -> Reply:
    return longest_reveal(question, topics, post_id=LARGEST_POST, name=LONGEST_NAME)


def states(question: Question, topics: Topics) -> Iterator[tuple[str, Reply]]:
    yield "practice card", card_for(question, topics, answered=10**6)
    yield "daily card", card_for(question, topics, post_id=LARGEST_POST, answered=10**6, private=False)
    for verdict in Verdict:
        yield f"feedback ({verdict.value})", feedback(question, verdict)
    yield "reveal", reveal(question, topics)


def discord_problems(reply: Reply) -> Iterator[str]:
    rendered = discord_render(reply)
    messages = rendered.messages()
    if isinstance(reply, QuestionCard) and len(messages) > 1:
        yield f"the card takes {len(messages)} messages; it must be one (its buttons and count are edited)"
    for number, (embeds, view) in enumerate(messages, start=1):
        body = {"embeds": [e.to_dict() for e in embeds], "components": view.to_components() if view else []}
        if errors := discord_limits.check_message(dict(body)):
            yield f"message {number}: {json.dumps(errors)}"


def slack_problems(reply: Reply) -> Iterator[str]:
    messages = slack_render(reply)
    if isinstance(reply, QuestionCard) and len(messages) > 1:
        yield f"the card takes {len(messages)} messages; it must be one (its buttons and count are edited)"
    for number, message in enumerate(messages, start=1):
        if problem := slack_limits.message(message):
            yield f"message {number}: {problem[0]}: {problem[1]}"


def answer_box_problems(question: Question) -> Iterator[tuple[str, str]]:
    """The text box a short or open answer is typed into, on each platform."""
    if isinstance(question, ChoiceQuestion):
        return
    modal = AnswerModal(LARGEST_POST, question.id).to_dict()
    if errors := discord_limits.check_modal(dict(modal)):
        yield "discord", json.dumps(errors)
    context = ModalContext(
        AnswerTarget(LARGEST_POST, question.id), "C" * 20, "https://hooks.slack.com/" + "x" * 200
    )
    if problem := slack_limits.view(answer_modal(escape(question.prompt), context, MAX_ANSWER_CHARS)):
        yield "slack", f"{problem[0]}: {problem[1]}"


def unfit_states(question: Question, topics: Topics) -> Iterator[Unfit]:
    for state, reply in states(question, topics):
        for problem in discord_problems(reply):
            yield Unfit(question.id, "discord", state, problem)
        for problem in slack_problems(reply):
            yield Unfit(question.id, "slack", state, problem)
    for platform, problem in answer_box_problems(question):
        yield Unfit(question.id, platform, "answer box", problem)


def unfit_questions(bank: QuestionBank) -> list[Unfit]:
    """Every state of every question that a platform could not show, in question order."""
    return [
        unfit
        for question_id in sorted(bank.questions)
        for unfit in unfit_states(bank.questions[question_id], bank.topics)
    ]
