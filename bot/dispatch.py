"""One entry point for every adapter: a member's command or answer in a channel becomes a Reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from time import perf_counter
from typing import Protocol

from bot.commands import Command, parse
from bot.community_settings import Communities
from bot.errors import NotAdmin, PrepError, UsageError
from bot.export import Exports
from bot.mock_interview import MockInterviews
from bot.models import Channel, Member
from bot.privacy import Privacy
from bot.replies import AnswerFeedback, Help, Notice, Reply, Stats, Tone
from bot.review import COMMANDS as REVIEW_COMMANDS
from bot.review import ReviewService
from bot.service import PracticeService
from bot.storage.privacy_store import PrivacyStore

log = logging.getLogger("prepbot.dispatch")
CHANNEL_COMMANDS = ("today", "schedule", "post-now")
# Answers recorded at once; more wait their turn, first come first served. Under the database
# pool's size, so a burst of clicks queues here (without a deadline) instead of in the pool,
# whose wait times out and would lose the click.
ANSWERS_AT_ONCE = 8


class ChannelCommands(Protocol):
    """Commands about a channel's daily question; provided by the scheduler."""

    async def handle(self, member: Member, channel: Channel, command: Command) -> Reply: ...

    async def answer_post(
        self, member: Member, post_id: int, response: str, channel: Channel | None = None
    ) -> AnswerFeedback:
        """Answer a channel's daily post (checks it is still open, and from `channel` when given,
        updates its live count)."""
        ...

    async def open_post(self, channel: Channel) -> int | None:
        """The channel's daily post still taking answers, if any."""
        ...

    async def daily_streak(self, member: Member) -> int:
        """Consecutive scheduled daily questions the member answered."""
        ...

    async def take_notes(self, member: Member) -> list[str]:
        """Private notes waiting for the member (each returned once)."""
        ...


class Dispatcher:
    def __init__(self, service: PracticeService, daily: ChannelCommands | None = None) -> None:
        self.service = service
        self.reviews = ReviewService(service)
        self.mocks = MockInterviews(service)
        self.exports = Exports(service)
        self.daily = daily
        self.communities = Communities.for_service(service)
        self.privacy = Privacy(PrivacyStore(service.store.engine, service.store.transactions))
        self.metrics = service.metrics

    @contextmanager
    def _counted(self, name: str) -> Iterator[None]:
        started, outcome = perf_counter(), "error"
        try:
            yield
            outcome = "ok"
        except PrepError:
            outcome = "refused"
            raise
        finally:
            self.metrics.command(name, outcome, perf_counter() - started)
        self._answering = asyncio.Semaphore(ANSWERS_AT_ONCE)

    async def handle_text(self, member: Member, channel: Channel, text: str, *, is_admin: bool) -> Reply:
        """Parse and run one `/prep ...` line; errors come back as private notices."""
        try:
            command = parse(text)
        except PrepError as error:
            self.metrics.command("unparsed", "refused", 0.0)
            return Notice(error.message, Tone.ERROR)
        try:
            return await self.run(member, channel, command, is_admin=is_admin)
        except PrepError as error:
            return Notice(error.message, Tone.ERROR)

    async def run(self, member: Member, channel: Channel, command: Command, *, is_admin: bool) -> Reply:
        """Run a parsed command. Raises PrepError subclasses for the adapter to show."""
        with self._counted(command.name):
            return await self._run(member, channel, command, is_admin=is_admin)

    async def _run(self, member: Member, channel: Channel, command: Command, *, is_admin: bool) -> Reply:
        if command.admin_only and not is_admin:
            raise NotAdmin(f"Only admins can use /prep {command.name}.")
        await self.communities.seen(member.platform, member.community_id)
        if command.name == "config":
            return await self.communities.config(member, command.args)
        if command.name == "privacy":
            return await self.privacy.handle(member, command.args)
        if command.name in CHANNEL_COMMANDS:
            if self.daily is None:
                raise PrepError("Daily questions are not available in this process.")
            return await self._with_notes(member, await self.daily.handle(member, channel, command))
        if self.daily is not None and command.name == "answer":
            post_id = await self._daily_post_to_answer(member, channel)
            if post_id is not None:
                feedback = await self.daily.answer_post(member, post_id, command.text, channel)
                return await self._with_notes(member, feedback) if is_admin else feedback
        if command.name == "mock":
            return await self.mocks.handle(member, command)
        if command.name == "export":
            if command.args:
                raise UsageError("Use /prep export on its own: it exports your own questions.")
            return await self.exports.export(member)
        if command.name in ("answer", "skip"):
            mock_reply = await self.mocks.take(member, command)
            if mock_reply is not None:
                return mock_reply
        if command.name in REVIEW_COMMANDS:
            return await self.reviews.handle(member, command)
        if command.name == "answer":
            return await self.reviews.answer(member, command.text)
        if command.name == "quiz" and command.args and command.args[0].lower() == "weak":
            return await self.reviews.weak_quiz(member, command.args[1:])
        if command.name == "quiz":
            candidates = await self.communities.quiz_candidates(member, command.args)
            if candidates is not None:
                return await self.service.ask(member, candidates)
        reply = await self.privacy.keep_private(member, await self.service.handle(member, command))
        if self.daily is not None and isinstance(reply, Stats) and not command.args:
            reply = replace(reply, daily_streak=await self.daily.daily_streak(member))
        return await self._with_notes(member, reply) if is_admin else reply

    async def _with_notes(self, member: Member, reply: Reply) -> Reply:
        """Notes left for an admin (a daily post that could not be made) ride along with the
        private reply to their next command that has room for text."""
        if self.daily is None or not isinstance(reply, Notice | AnswerFeedback | Help) or not reply.private:
            return reply
        notes = await self.daily.take_notes(member)
        if not notes:
            return reply
        if isinstance(reply, AnswerFeedback):
            return replace(reply, notes=(*reply.notes, *notes))
        if isinstance(reply, Help):
            return replace(reply, intro="\n\n".join([*notes, reply.intro]))
        return replace(reply, text="\n\n".join([reply.text, *notes]))

    async def _daily_post_to_answer(self, member: Member, channel: Channel) -> int | None:
        """A typed answer goes to the member's open practice question if there is one, else to
        the channel's open daily post, else to the daily post the member last opened."""
        assert self.daily is not None
        open_question = await self.service.store.get_pending(member)
        if open_question is not None and open_question.post_id is None:
            return None
        channel_post = await self.daily.open_post(channel)
        return channel_post or (open_question.post_id if open_question else None)

    async def answer(
        self,
        member: Member,
        question_id: str,
        response: str,
        post_id: int | None = None,
        channel: Channel | None = None,
    ) -> Reply:
        """An answer from a button or modal (sent in `channel`). Raises PrepError subclasses."""
        with self._counted("answer"):
            async with self._answering:
                return await self._answer(member, question_id, response, post_id, channel)

    async def _answer(
        self, member: Member, question_id: str, response: str, post_id: int | None, channel: Channel | None
    ) -> Reply:
        if post_id is not None:
            if self.daily is None:
                raise PrepError("Daily questions are not available in this process.")
            return await self.daily.answer_post(member, post_id, response, channel)
        mock_reply = await self.mocks.take(member, Command("answer", text=response), question_id)
        if mock_reply is not None:
            return mock_reply
        return await self.reviews.answer_question(member, question_id, response)
