"""The feedback on a graded answer: just recorded, or recorded before and shown again."""

from __future__ import annotations

from dataclasses import replace

from bot import grading
from bot.answer_review import AnswerReview
from bot.models import ChoiceQuestion, Member, OpenQuestion, Question
from bot.ports import PracticeStore
from bot.replies import AnswerFeedback

ANSWERED_BEFORE = (
    "You already answered this question, so nothing new was recorded: this is the feedback "
    "you got then, and your first answer stands."
)


def correct_answer_text(question: Question) -> str:
    if isinstance(question, ChoiceQuestion):
        return f"{question.answer}) {question.answer_text}"
    if isinstance(question, OpenQuestion):
        return question.model_answer
    return question.answer


def feedback_for(
    question: Question,
    result: grading.Grade,
    *,
    points: int,
    total_points: int,
    streak: int,
    repeat: bool,
    review: AnswerReview | None = None,
) -> AnswerFeedback:
    return AnswerFeedback(
        question_id=question.id,
        verdict=result.verdict,
        points=points,
        total_points=total_points,
        streak=streak,
        correct_answer=correct_answer_text(question),
        explanation=question.explanation,
        your_answer=result.chosen,
        points_hit=result.points_hit,
        points_missed=result.points_missed,
        points_contradicted=result.points_contradicted,
        evidence=result.evidence,
        notes=result.notes,
        model_answer=question.model_answer if isinstance(question, OpenQuestion) else "",
        repeat=repeat,
        review=review,
    )


async def earlier_feedback(
    store: PracticeStore, member: Member, question: Question, post_id: int | None
) -> AnswerFeedback | None:
    """The feedback the member got for the answer they already gave (to the daily post
    `post_id`, or as practice), from what was stored: its verdict and points, and the bank's
    explanation. None when they gave none."""
    earlier = await store.earlier_attempt(member, question.id, post_id)
    if earlier is None:
        return None
    verdict = grading.Verdict(earlier.verdict)
    regraded = grading.grade(question, earlier.response)
    details = regraded if isinstance(regraded, grading.Grade) else grading.Grade(verdict)
    feedback = feedback_for(
        question,
        replace(details, verdict=verdict),
        points=earlier.points,
        total_points=await store.points(earlier.member_id),
        streak=earlier.streak,
        repeat=not earlier.scored,
    )
    return replace(feedback, notes=(*feedback.notes, ANSWERED_BEFORE))
