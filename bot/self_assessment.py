"""Self-assessment: a member says "I did cover that" for a rubric point the grader missed.

The claim is kept beside the automatic grade (points never change) and shown to admins in the
question's statistics; the member's review schedule takes it into account.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot import grading
from bot.bank import QuestionBank
from bot.errors import NotFound, UsageError
from bot.grading import PointStatus, Verdict
from bot.grading.open_answers import open_verdict
from bot.models import Member, OpenQuestion, Question
from bot.ports import Clock
from bot.replies import Notice, Tone, reference_code
from bot.spaced_repetition import ReviewScheduler, rating_for
from bot.storage.repository import Store
from bot.storage.review_writes import rate_card
from bot.storage.self_assessments import GradedAttempt, SelfAssessmentStore

# Told the verdict the member's own judgement gives an answer, when it beats the automatic one.
SelfGraded = Callable[[Member, str, Verdict], Awaitable[None]]
USAGE = "Say which point you covered by its number, e.g. /prep claim 2."


def claim_arguments(args: tuple[str, ...]) -> tuple[int, str | None]:
    """`3` (the last interview answer) or `3 Q1A2B3C` (that question's): a button sends both."""
    if not 1 <= len(args) <= 2 or not args[0].isdigit() or len(args[0]) > 2:
        raise UsageError(USAGE)
    return int(args[0]), args[1] if len(args) == 2 else None


class SelfGradedReview:
    """A claim raised the member's own verdict: their card is rated again as they judge it."""

    def __init__(self, store: Store, scheduler: ReviewScheduler, clock: Clock) -> None:
        self.store, self.scheduler, self.clock = store, scheduler, clock

    async def __call__(self, member: Member, question_id: str, verdict: Verdict) -> None:
        rating = rating_for(verdict, auto_graded=False, answered_in=None)
        now = self.clock.now()
        member_id = await self.store.member_id(member)
        await self.store.transactions.run(
            lambda conn: rate_card(
                conn,
                member_id,
                question_id,
                lambda card: self.scheduler.rate(card, rating, now, duration=None, source="claim"),
            )
        )


class SelfAssessment:
    def __init__(
        self,
        bank: QuestionBank,
        store: SelfAssessmentStore,
        clock: Clock,
        on_self_graded: SelfGraded | None = None,
    ) -> None:
        self.bank = bank
        self.store = store
        self.clock = clock
        self.on_self_graded = on_self_graded

    def find(self, reference: str) -> Question | None:
        """A question by its card code or id."""
        wanted = reference.strip()
        return next(
            (
                q
                for q in self.bank.questions.values()
                if reference_code(q.id) == wanted.upper() or q.id == wanted
            ),
            None,
        )

    async def _attempt(self, member: Member, reference: str | None) -> GradedAttempt:
        if reference is not None:
            question = self.find(reference)
            if not isinstance(question, OpenQuestion):
                raise NotFound(f"No interview question has the code '{reference[:20]}'.")
            candidates = [question.id]
        else:
            candidates = [q.id for q in self.bank.questions.values() if isinstance(q, OpenQuestion)]
        attempt = await self.store.latest_attempt(member.community.key, member.user_id, candidates)
        if attempt is None:
            raise NotFound(
                "You have no graded interview answer to assess yet. Answer an open "
                "question first (/prep quiz)."
            )
        return attempt

    async def claim(self, member: Member, number: int, reference: str | None = None) -> Notice:
        attempt = await self._attempt(member, reference)
        question = self.bank.get(attempt.question_id)
        if not isinstance(question, OpenQuestion):
            raise NotFound("That question is no longer in the bank.")
        result = grading.grade(question, attempt.response)
        evidence = result.evidence if isinstance(result, grading.Grade) else ()
        open_numbers = [i for i, e in enumerate(evidence, start=1) if e.status != PointStatus.MADE]
        if not 1 <= number <= len(question.rubric):
            listed = ", ".join(map(str, open_numbers)) or "none"
            raise UsageError(
                f"Your last interview answer has no point {number}. Points you can claim: {listed}."
            )
        point = question.rubric[number - 1].point
        if number not in open_numbers:
            return Notice(f"Point {number} ({point}) was already credited to you.")
        now = self.clock.now()
        if not await self.store.record(attempt.id, number, now):
            return Notice(f"You had already said you covered point {number} ({point}).")
        await self._regrade(member, question, result, await self.store.claimed(attempt.id))
        return Notice(
            f"Noted: you say you covered point {number} ({point}). It is kept beside "
            "the automatic grade and shapes your reviews; your points stay as graded.",
            Tone.SUCCESS,
        )

    async def question_statistics(self, member: Member, reference: str) -> Notice:
        """For admins: how the community answered one question, and which missed key points
        members said they had covered."""
        question = self.find(reference)
        if question is None:
            raise NotFound(
                f"No question has the code '{reference[:20]}'. Codes such as Q1A2B3C "
                "are shown on each question card."
            )
        community = member.community.key
        verdicts = await self.store.verdicts(community, question.id)
        lines = [
            f"{reference_code(question.id)} ({question.id}), first answers here: "
            f"{sum(verdicts.values())} ({verdicts['correct']} correct, {verdicts['partial']} "
            f"partly right, {verdicts['wrong']} wrong)."
        ]
        if isinstance(question, OpenQuestion):
            claims = await self.store.claims_per_point(community, question.id)
            lines += [
                f"Point {n} ({point.point}): {claims[n]} said they covered it when graded as missed."
                for n, point in enumerate(question.rubric, start=1)
                if claims[n]
            ]
        return Notice("\n".join(lines))

    async def _regrade(
        self, member: Member, question: OpenQuestion, result: object, claimed: set[int]
    ) -> None:
        """The review schedule hears of a better verdict the member's claims give the answer."""
        if self.on_self_graded is None or not isinstance(result, grading.Grade):
            return
        statuses = [
            PointStatus.MADE if n in claimed else e.status for n, e in enumerate(result.evidence, start=1)
        ]
        own = open_verdict(
            statuses.count(PointStatus.MADE), statuses.count(PointStatus.CONTRADICTED), len(question.rubric)
        )
        rank = {Verdict.WRONG: 0, Verdict.PARTIAL: 1, Verdict.CORRECT: 2}
        if rank[own] > rank[result.verdict]:
            await self.on_self_graded(member, question.id, own)
