"""`/prep mock [round] [minutes]` and `/prep mock stop`: a timed mock interview served one private
question at a time, its state in the database, ending in a report. Time is checked whenever the
member acts, on the injected clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.commands import Command
from bot.errors import NoOpenQuestion, NotFound, UsageError
from bot.mock_report import FINISHED, STOPPED, TIMED_OUT, MockOutcome, render_report, session_score
from bot.mock_rounds import ROUNDS, parse_request, plan
from bot.models import Member
from bot.replies import Notice, Reply, Tone
from bot.review import sequence
from bot.service import MOCK, PracticeService
from bot.storage.mock_store import MockItem, MockSession, MockStore
from bot.storage.repository import Pending

NONE_RUNNING = "You have no mock interview running. Start one with /prep mock [round] [minutes]."


def time_left(deadline: datetime, now: datetime) -> str:
    seconds = max(0, int((deadline - now).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


class MockInterviews:
    def __init__(self, practice: PracticeService, store: MockStore) -> None:
        self.practice = practice
        self.store = store

    def _now(self) -> datetime:
        return self.practice.clock.now()

    async def handle(self, member: Member, command: Command) -> Reply:
        if command.args and command.args[0].lower() == "stop":
            if len(command.args) > 1:
                raise UsageError("Use /prep mock stop on its own to abandon your mock.")
            return await self.stop(member)
        request = parse_request(command.args)
        member_id = await self.practice.store.member_id(member)
        running = await self.store.running(member_id)
        lead: list[Reply] = []
        if running is not None:
            if running.deadline > self._now():
                return sequence(
                    Notice(
                        f"You already have a {running.round} mock running "
                        f"({time_left(running.deadline, self._now())} left); one at a time. Answer "
                        "with /prep answer or /prep skip, or abandon it with /prep mock stop.",
                        Tone.ERROR,
                    ),
                    await self._serve(member, running),
                )
            lead.append(await self._finish(member, running, TIMED_OUT))
        chosen = request.round
        questions = plan(
            chosen,
            request.minutes,
            list(self.practice.bank.questions.values()),
            await self.store.last_answered(member_id),
            self.practice.rng,
        )
        if not questions:
            raise NotFound(
                f"The loaded question packs have nothing for the {chosen.name} round. Try /prep mock mixed."
            )
        now = self._now()
        session = await self.store.start(
            member_id,
            chosen.name,
            request.minutes,
            now,
            now + timedelta(minutes=request.minutes),
            [q.id for q in questions],
        )
        if session is None:
            raise UsageError("You already have a mock running. /prep mock stop abandons it.")
        intro = (
            f"Mock interview: {chosen.title} round, {len(questions)} questions in "
            f"{request.minutes} minutes. Answer each with /prep answer or skip it with "
            "/prep skip; mock answers earn no points but are graded and go to your reviews. "
            "/prep mock stop abandons it."
        )
        return sequence(*lead, await self._serve(member, session, intro))

    async def _serve(self, member: Member, session: MockSession, *notes: str) -> Reply:
        """The session's next unanswered question, with the time left; the report after the last."""
        items = await self.store.items(session.id)
        for item in items:
            if item.answered_at is not None:
                continue
            question = self.practice.bank.get(item.question_id)
            now = self._now()
            if question is None:
                await self.store.record(session.id, item.position, "removed", (), (), now)
                continue
            await self.store.serve(session.id, item.position, now)
            where = (
                f"Mock question {item.position + 1} of {len(items)} · "
                f"{time_left(session.deadline, now)} left."
            )
            return await self.practice.open_question(member, question, (*notes, where), purpose=MOCK)
        return await self._finish(member, session, FINISHED)

    async def _finish(self, member: Member, session: MockSession, status: str) -> Notice:
        items = await self.store.items(session.id)
        await self.store.finish(session.id, status, self._now(), session_score(items))
        await self._close_open_question(member, None)
        outcome = MockOutcome(
            ROUNDS[session.round],
            session,
            status,
            items,
            {i.question_id: q for i in items if (q := self.practice.bank.get(i.question_id))},
            await self.store.previous(session.member_id, session.round, session.id),
        )
        return Notice(render_report(outcome, self.practice.bank.topics))

    async def _close_open_question(self, member: Member, question_id: str | None) -> None:
        """Drop the member's open mock question (nothing is recorded for it)."""
        await self.store.close_open_question(await self.practice.store.member_id(member), MOCK, question_id)

    async def stop(self, member: Member) -> Reply:
        member_id = await self.practice.store.member_id(member)
        running = await self.store.running(member_id)
        if running is None:
            raise NoOpenQuestion(NONE_RUNNING)
        if running.deadline <= self._now():
            return await self._finish(member, running, TIMED_OUT)
        items = await self.store.items(running.id)
        await self.store.finish(running.id, STOPPED, self._now(), None)
        await self._close_open_question(member, None)
        done = sum(1 for i in items if i.answered_at is not None)
        return Notice(
            f"Mock abandoned after {done} of {len(items)} questions; no report and no "
            "score for it. Answers you gave stay in your reviews. Start again with "
            "/prep mock."
        )

    async def _current(
        self, member: Member, opened: Pending | None, question_id: str | None
    ) -> tuple[MockSession, MockItem, Pending] | None:
        """The running session and item the member's open question (`opened`) belongs to, if it
        is a mock's."""
        if (
            opened is None
            or opened.purpose != MOCK
            or opened.post_id is not None
            or (question_id is not None and question_id != opened.question_id)
        ):
            return None
        running = await self.store.running(await self.practice.store.member_id(member))
        if running is None:
            return None
        item = next(
            (
                i
                for i in await self.store.items(running.id)
                if i.question_id == opened.question_id and i.answered_at is None
            ),
            None,
        )
        return (running, item, opened) if item is not None else None

    async def take(
        self, member: Member, command: Command, opened: Pending | None, question_id: str | None = None
    ) -> Reply | None:
        """An answer or skip of the member's open question `opened` when it is a mock's; None
        otherwise."""
        current = await self._current(member, opened, question_id)
        if current is None:
            return None
        session, item, opened = current
        now = self._now()
        if session.deadline <= now:
            await self._close_open_question(member, opened.question_id)
            late = Notice(
                f"Time ran out {time_left(now, session.deadline)} ago, so that "
                f"{'skip' if command.name == 'skip' else 'answer'} was not recorded. "
                "Here is your report.",
                Tone.ERROR,
            )
            return sequence(late, await self._finish(member, session, TIMED_OUT))
        if command.name == "skip":
            if not await self.practice.review_store.skip(member, opened.question_id, now):
                raise NoOpenQuestion("You have no open mock question to skip.")
            await self.store.record(session.id, item.position, "skipped", (), (), now)
            lead: Reply = Notice("Skipped: it counts as not answered and comes back in /prep review.")
        else:
            feedback = await (
                self.practice.answer(member, command.text)
                if question_id is None
                else self.practice.answer_question(member, question_id, command.text)
            )
            await self.store.record(
                session.id,
                item.position,
                feedback.verdict.value,
                feedback.points_hit,
                feedback.points_missed,
                now,
            )
            lead = feedback
        return sequence(lead, await self._serve(member, session))
