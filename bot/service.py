"""PracticeService: the use cases every adapter calls. Core types in, core types out."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

from bot import grading, scoring
from bot.answer_feedback import correct_answer_text as correct_answer_text  # re-exported
from bot.answer_feedback import earlier_feedback, feedback_for
from bot.answer_review import second_opinion
from bot.bank import QuestionBank
from bot.commands import PERIODS, Period, clean_answer
from bot.errors import AlreadyAnswered, InvalidAnswer, NoOpenQuestion, NotFound, QuestionGone, UsageError
from bot.models import ChoiceQuestion, Difficulty, Member, OpenQuestion, Question
from bot.ports import ChatModel, Clock, Metrics, NoMetrics, PracticeStore, ReviewRecords, SystemClock
from bot.progress import activity_start, answers_per_day
from bot.replies import (
    AnswerFeedback,
    Leaderboard,
    LeaderboardRow,
    Notice,
    QuestionCard,
    Reply,
    ReplySequence,
    Stats,
    TopicStats,
    reference_code,
)
from bot.scopes import BoardScope
from bot.self_assessment import SelfAssessment
from bot.spaced_repetition import ReviewScheduler, rating_for
from bot.storage.member_reads import BoardEntry
from bot.storage.review_writes import Reschedule
from bot.storage.writes import Answer, Opened
from bot.topics import Topics
from bot.weak_spots import weakest

REVIEW = "review"  # the purpose of a question opened by /prep review
MOCK = "mock"  # the purpose of a question served in a mock interview
UNSCORED = (REVIEW, MOCK)  # purposes whose answers train without earning leaderboard points


def card_for(
    question: Question,
    topics: Topics,
    *,
    post_id: int | None = None,
    answered: int | None = None,
    private: bool = True,
) -> QuestionCard:
    options = tuple(question.options) if isinstance(question, ChoiceQuestion) else ()
    return QuestionCard(
        question_id=question.id,
        kind=question.kind.value,
        topic=question.topic,
        topic_title=topics.title(question.topic),
        difficulty=question.difficulty.value,
        prompt=question.prompt,
        options=options,
        post_id=post_id,
        answered_count=answered,
        private=private,
    )


class PracticeService:
    def __init__(
        self,
        bank: QuestionBank,
        store: PracticeStore,
        review_store: ReviewRecords,
        *,
        scheduler: ReviewScheduler,
        self_assessment: SelfAssessment,
        timezone: str = "UTC",
        clock: Clock | None = None,
        rng: random.Random | None = None,
        reviewer: ChatModel | None = None,
        review_timeout: float = 10.0,
        metrics: Metrics | None = None,
    ) -> None:
        self.bank = bank
        self.metrics = metrics or NoMetrics()
        self.reviewer = reviewer
        self.review_timeout = review_timeout
        self.store = store
        self.review_store = review_store
        self.scheduler = scheduler
        self.zone = ZoneInfo(timezone)
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.self_assessment = self_assessment

    def _now(self) -> datetime:
        return self.clock.now()

    async def quiz(
        self, member: Member, topic: str | None = None, difficulty: Difficulty | None = None
    ) -> Reply:
        candidates = self.bank.select(topic, difficulty)
        if not candidates:
            raise NotFound("No questions match that topic and difficulty. Try another.")
        return await self.ask(member, candidates)

    async def ask(self, member: Member, candidates: list[Question], *notes: str) -> Reply:
        """Open a question the member has not answered, else one they answered worst."""
        scores, before = await self.review_store.scores_and_open_question(member)
        fresh = [q for q in candidates if q.id not in scores]
        if before is not None and len(fresh) > 1:
            fresh = [q for q in fresh if q.id != before.question_id]
        if not fresh:
            worst = min(scores[q.id] for q in candidates)
            fresh = [q for q in candidates if scores[q.id] == worst]
            notes += (
                f"You have answered all {len(candidates)} of these questions; going round "
                "again, starting with the ones you did worst on.",
            )
        return await self.open_question(member, self.rng.choice(fresh), notes)

    async def open_question(
        self, member: Member, question: Question, notes: tuple[str, ...] = (), purpose: str = "practice"
    ) -> Reply:
        """Make `question` the member's open one; its card, after `notes` if there are any."""
        before = await self.store.set_pending(member, question.id, None, self._now(), purpose)
        if before and before.post_id is None and before.question_id != question.id:
            notes += (f"This replaces your open question {reference_code(before.question_id)}.",)
        card = card_for(question, self.bank.topics)
        return ReplySequence((*map(Notice, notes), card)) if notes else card

    async def answer(self, member: Member, text: str) -> AnswerFeedback:
        """A typed answer to the member's open question."""
        response = clean_answer(text)
        open_question = await self.store.get_pending(member)
        if open_question is None:
            raise NoOpenQuestion("You have no open question. Start one with /prep quiz.")
        return await self.answer_question(member, open_question.question_id, response, open_question.post_id)

    async def answer_question(
        self, member: Member, question_id: str, response: str, post_id: int | None = None
    ) -> AnswerFeedback:
        """An answer to a named question: from a button, a modal or `answer`."""
        response = clean_answer(response)
        question = self.bank.get(question_id)
        if question is None:
            raise QuestionGone("That question is no longer in the bank. Try /prep quiz for a new one.")
        started = perf_counter()
        result = grading.grade(question, response)
        self.metrics.grading(question.kind.value, "rules", perf_counter() - started)
        if isinstance(result, grading.NotAnAnswer):
            raise InvalidAnswer(result.message)
        now = self._now()
        local = now.astimezone(self.zone)

        def points_rule(first: bool, streak: int, opened: Opened | None) -> int:
            if opened is not None and opened.purpose in UNSCORED:
                return 0
            return scoring.points_for(
                result, question.difficulty, first_attempt=first, streak=streak if post_id is not None else 0
            )

        def review(opened: Opened | None) -> Reschedule:
            took = now - opened.asked_at if opened and opened.asked_at else None
            rating = rating_for(result.verdict, auto_graded=question.auto_gradable, answered_in=took)
            source = (
                opened.purpose
                if opened and opened.purpose in UNSCORED
                else "quiz"
                if post_id is None
                else "daily"
            )
            return lambda card: self.scheduler.rate(card, rating, now, duration=took, source=source)

        answer = Answer(
            member,
            question_id=question.id,
            topic=question.topic,
            post_id=post_id,
            response=response,
            verdict=result.verdict.value,
            correct=result.correct,
            now=now,
            today=local.date(),
            scopes=[BoardScope.for_period(p, local).key for p in (Period.ALL, Period.WEEK, Period.MONTH)],
            review=review,
        )
        try:
            recorded = await self.store.record_attempt(answer, points_rule)
        except AlreadyAnswered:
            # A repeated click, a retried request or a second process: the member sees the
            # feedback of the answer that counted.
            earlier = await earlier_feedback(self.store, member, question, post_id)
            if earlier is None:
                raise
            return earlier
        self.metrics.answer(question.kind.value, result.verdict.value)
        started = perf_counter()
        reviewed = await second_opinion(self.reviewer, question, response, self.review_timeout)
        if self.reviewer is not None and isinstance(question, OpenQuestion):
            self.metrics.grading(question.kind.value, "reviewer", perf_counter() - started)
        return feedback_for(
            question,
            result,
            points=recorded.points,
            total_points=recorded.total_points,
            streak=recorded.streak,
            repeat=recorded.repeat,
            review=reviewed,
        )

    async def leaderboard(
        self, member: Member, period: str = "week", topic: str | None = None
    ) -> Leaderboard:
        if period not in PERIODS:
            raise UsageError(f"Unknown period '{period[:20]}': use week, month or all.")
        local = self._now().astimezone(self.zone)
        scope = BoardScope.for_period(period, local).with_topic(topic).key
        board = await self.store.board(member, scope)
        rows = tuple(
            LeaderboardRow(
                rank_in(board.entries, i), e.name, e.points, e.correct, e.member_id == board.member_id
            )
            for i, e in enumerate(board.entries)
        )
        mine = board.standing
        caller = (
            LeaderboardRow(mine.rank, member.name, mine.points, mine.correct, True) if mine.rank else None
        )
        return Leaderboard(
            period=Period(period),
            topic_title=self.bank.topics.title(topic) if topic else None,
            rows=rows,
            caller=caller,
        )

    async def stats(self, member: Member, who: str | None = None) -> Stats:
        if who:
            found = await self.store.progress(member.platform, member.community_id, who.lstrip("@"))
            if found is None:
                raise NotFound(f"No member called '{who[:40]}' has practised here yet.")
            name = found.record.name
        else:
            found = await self.store.progress(
                member.platform, member.community_id, member.user_id, by_name=False
            )
            if found is None:
                return Stats(name=member.name, points=0, answered=0, correct=0, streak=0, best_streak=0)
            name = member.name
        record, tallies = found.record, found.tallies
        today = self._now().astimezone(self.zone).date()
        alive = record.last_active is not None and record.last_active >= today - timedelta(days=1)
        by_topic = tuple(TopicStats(self.bank.topics.title(t.topic), t.answered, t.correct) for t in tallies)
        due, times = await self.review_store.due_and_answer_times(
            record.id, self._now(), activity_start(today, self.zone)
        )
        return Stats(
            name=name,
            points=found.points,
            answered=sum(t.answered for t in tallies),
            correct=sum(t.correct for t in tallies),
            streak=record.streak if alive else 0,
            best_streak=record.best_streak,
            by_topic=by_topic,
            reviews_due=due.count,
            last_day=today,
            answers_per_day=answers_per_day(times, today, self.zone),
            weak_spots=tuple(weakest((t.topic_title, t.answered, t.correct) for t in by_topic)),
        )


def rank_in(entries: list[BoardEntry], index: int) -> int:
    """Competition ranking: equal points share the rank of the first of them."""
    points = entries[index].points
    first = index
    while first > 0 and entries[first - 1].points == points:
        first -= 1
    return first + 1
