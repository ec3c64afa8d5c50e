"""Learning use cases: `review` (spaced repetition), `again`, `skip`, `quiz weak`, and answers
that lead on to the member's next due review."""

from __future__ import annotations

from datetime import datetime

from bot.commands import Command
from bot.errors import NoOpenQuestion, QuestionGone, UsageError
from bot.models import Member
from bot.replies import AnswerFeedback, Notice, Part, QuestionCard, Reply, ReplySequence, reference_code
from bot.service import REVIEW, PracticeService, card_for
from bot.spaced_repetition import SKIP_DELAY
from bot.storage.repository import Pending
from bot.storage.review_store import DueReviews
from bot.topics import resolve_difficulty
from bot.weak_spots import suitable_difficulty, weakest

COMMANDS = ("review", "again", "skip")
NOTHING_OPEN = "You have no open question{what}. Start one with /prep quiz or /prep review."


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def how_soon(moment: datetime, now: datetime) -> str:
    """`in 10 minutes`, `in 5 hours`, `in 3 days`."""
    seconds = max(60.0, (moment - now).total_seconds())
    if seconds < 3600:
        return f"in {plural(round(seconds / 60), 'minute')}"
    if seconds < 2 * 86400:
        return f"in {plural(round(seconds / 3600), 'hour')}"
    return f"in {plural(round(seconds / 86400), 'day')}"


class ReviewService:
    def __init__(self, practice: PracticeService) -> None:
        self.practice = practice
        self.store = practice.store
        self.review_store = practice.review_store

    def _now(self) -> datetime:
        return self.practice.clock.now()

    def _when(self, moment: datetime) -> str:
        local = moment.astimezone(self.practice.zone)
        return f"{how_soon(moment, self._now())} ({local:%a %d %b %H:%M %Z})"

    async def handle(self, member: Member, command: Command) -> Reply:
        if command.name == "review":
            return await self.review(member)
        if command.name == "again":
            return await self.again(member)
        if command.name == "skip":
            return await self.skip(member)
        raise UsageError(f"/prep {command.name} is not a review command.")

    async def review(self, member: Member, *lead: Part, continuing: bool = False) -> Reply:
        """Open the member's most overdue review, saying how many are due and what comes after."""
        record = await self.store.find_member(
            member.platform, member.community_id, member.user_id, by_name=False
        )
        due = DueReviews(0, (), None)
        while record is not None:
            due = await self.review_store.due(record.id, self._now())
            if not due.count:
                break
            question = self.practice.bank.get(due.question_ids[0])
            if question is None:
                await self.review_store.drop(record.id, due.question_ids[0])
                continue
            after = f"; after them, the next falls due {self._when(due.next_due)}" if due.next_due else ""
            intro = (
                f"Review: {plural(due.count, 'question')} due now{after}. Reviews earn no "
                "points but keep your streak going."
            )
            return sequence(
                *lead, await self.practice.open_question(member, question, (intro,), purpose=REVIEW)
            )
        later = f" The next one falls due {self._when(due.next_due)}." if due.next_due else ""
        if continuing:
            return sequence(*lead, Notice(f"That was your last review due.{later}"))
        return sequence(
            *lead,
            Notice(
                f"Nothing is due for review.{later} Meanwhile, try something new with /prep quiz "
                "(or /prep quiz weak for your weakest topic)."
            ),
        )

    async def again(self, member: Member) -> Reply:
        opened = await self.store.get_pending(member)
        if opened is None:
            raise NoOpenQuestion(NOTHING_OPEN.format(what=" to show again"))
        question = self.practice.bank.get(opened.question_id)
        if question is None:
            raise QuestionGone("Your open question is no longer in the bank. Try /prep quiz.")
        return card_for(question, self.practice.bank.topics, post_id=opened.post_id)

    async def skip(self, member: Member) -> Reply:
        """No points, not a wrong answer; the question comes back soon in `/prep review`."""
        opened = await self.store.get_pending(member)
        if opened is None or not await self.review_store.skip(member, opened.question_id, self._now()):
            raise NoOpenQuestion(NOTHING_OPEN.format(what=" to skip"))
        minutes = int(SKIP_DELAY.total_seconds() // 60)
        skipped = Notice(
            f"Skipped {reference_code(opened.question_id)}: no points, and it does "
            f"not count as wrong. It comes back in /prep review in {minutes} minutes."
        )
        if opened.purpose == REVIEW:
            return await self.review(member, skipped, continuing=True)
        return skipped

    async def weak_quiz(self, member: Member, words: tuple[str, ...]) -> Reply:
        """A question from the member's weakest topic, at a difficulty that stretches them."""
        if len(words) > 1:
            raise UsageError("Use /prep quiz weak, optionally with easy, medium or hard.")
        chosen = resolve_difficulty(words[0]) if words else None
        record = await self.store.find_member(
            member.platform, member.community_id, member.user_id, by_name=False
        )
        tallies = await self.store.tally_by_topic(record.id) if record else []
        bank = self.practice.bank
        asked_topics = {q.topic for q in bank.questions.values()}
        ranked = weakest(
            ((t.topic, t.answered, t.correct) for t in tallies if t.topic in asked_topics), count=len(tallies)
        )
        if not ranked:
            return await self.practice.ask(
                member,
                bank.select(difficulty=chosen) or list(bank.questions.values()),
                "No answers yet, so no weak spot to aim at: here is a question from any topic.",
            )
        weakest_topic = ranked[0]
        in_topic = [q for q in bank.questions.values() if q.topic == weakest_topic.label]
        wanted = chosen or suitable_difficulty(weakest_topic)
        at_level = [q for q in in_topic if q.difficulty == wanted]
        level = wanted.value if at_level else "any"
        intro = (
            f"Your weakest topic: {self.practice.bank.topics.title(weakest_topic.label)} (about "
            f"{weakest_topic.mean:.0%} right{', unsure' if weakest_topic.unsure else ''}); "
            f"a {level} question."
        )
        return await self.practice.ask(member, at_level or in_topic, intro)

    async def answer(self, member: Member, text: str) -> Reply:
        """A typed answer to the open question; after a review, the next due one follows."""
        opened = await self.store.get_pending(member)
        feedback = await self.practice.answer(member, text)
        return await self._then(member, opened, feedback)

    async def answer_question(
        self, member: Member, question_id: str, response: str, opened: Pending | None
    ) -> Reply:
        """A button or modal answer to a private question; `opened` is the member's open one."""
        feedback = await self.practice.answer_question(member, question_id, response)
        if opened is not None and opened.question_id != question_id:
            opened = None
        return await self._then(member, opened, feedback)

    async def _then(self, member: Member, opened: Pending | None, feedback: AnswerFeedback) -> Reply:
        if opened is None or opened.purpose != REVIEW or opened.post_id is not None:
            return feedback
        return await self.review(member, feedback, continuing=True)


def sequence(*replies: Reply) -> Reply:
    """Replies shown together; a lone reply stays itself."""
    parts: list[Part] = []
    for reply in replies:
        if isinstance(reply, ReplySequence):
            parts += reply.parts
        else:
            assert isinstance(reply, Notice | QuestionCard | AnswerFeedback)
            parts.append(reply)
    return parts[0] if len(parts) == 1 else ReplySequence(tuple(parts))
