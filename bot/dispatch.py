"""One entry point for every adapter: a member's command or answer in a channel becomes a Reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from time import perf_counter
from typing import TYPE_CHECKING, Protocol

from bot.commands import PERIODS, Command, parse
from bot.community_settings import Communities
from bot.errors import NotAdmin, PrepError, UnknownTopic, UsageError
from bot.export import Exports
from bot.help import help_reply
from bot.mock_interview import MockInterviews
from bot.models import Channel, Member
from bot.ports import PlatformState
from bot.privacy import Privacy
from bot.replies import AnswerFeedback, Help, Notice, Reply, Stats, Tone, TopicCount, TopicList
from bot.review import COMMANDS as REVIEW_COMMANDS
from bot.review import ReviewService
from bot.self_assessment import claim_arguments
from bot.service import PracticeService
from bot.storage.export_log import ExportLog
from bot.storage.privacy_store import PrivacyStore
from bot.storage.repository import Store
from bot.topics import resolve_topic, split_topic_and_difficulty

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger("prepbot.dispatch")
CHANNEL_COMMANDS = ("today", "schedule", "post-now")
# Who counts as an admin, where the platform decides it (elsewhere: admins by PREPBOT_ADMINS).
ADMINS_BY_PLATFORM = {"discord": "members with Manage Server (or the admin role set with /prep config)"}
# Answers recorded at once; more wait their turn, first come first served. Under the database
# pool's size, so a burst of clicks queues here (without a deadline) instead of in the pool,
# whose wait times out and would lose the click.
ANSWERS_AT_ONCE = 8


def check_allowed(platform: str, command: Command, *, is_admin: bool) -> None:
    """The one admin rule: admin commands from anyone else are refused."""
    if command.admin_only and not is_admin:
        who = ADMINS_BY_PLATFORM.get(platform, "admins")
        raise NotAdmin(f"Only {who} can use /prep {command.name}.")


class ChannelCommands(Protocol):
    """Commands about a channel's daily question; provided by the scheduler."""

    async def today(self, member: Member, channel: Channel) -> Reply:
        """The channel's latest daily post as the member sees it."""
        ...

    async def schedule(self, member: Member, channel: Channel, args: tuple[str, ...]) -> Reply:
        """`/prep schedule set|show|pause|resume|off` for the channel."""
        ...

    async def post_now(self, member: Member, channel: Channel) -> Reply:
        """Post the channel's question of the day now."""
        ...

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
    def __init__(
        self,
        service: PracticeService,
        mocks: MockInterviews,
        daily: ChannelCommands | None = None,
        *,
        store: Store,
    ) -> None:
        self.service = service
        self.store = store
        self.reviews = ReviewService(service)
        self.mocks = mocks
        self.exports = Exports(service, ExportLog(store.engine))
        self.daily = daily
        self.communities = Communities.over(store, service.bank, default_timezone=service.zone.key)
        self.privacy = Privacy(PrivacyStore(store.engine, store.transactions))
        self.metrics = service.metrics
        self._answering = asyncio.Semaphore(ANSWERS_AT_ONCE)

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
        check_allowed(member.platform, command, is_admin=is_admin)
        await self.communities.seen(member.platform, member.community_id)
        if command.name == "config":
            return await self.communities.config(member, command.args)
        if command.name == "privacy":
            return await self.privacy.handle(member, command.args)
        if command.name in CHANNEL_COMMANDS:
            return await self._with_notes(member, await self._channel_command(member, channel, command))
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
            opened = await self.service.store.get_pending(member)
            mock_reply = await self.mocks.take(member, command, opened)
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
        reply = await self.privacy.keep_private(member, await self._practice(member, command))
        if self.daily is not None and isinstance(reply, Stats) and not command.args:
            reply = replace(reply, daily_streak=await self.daily.daily_streak(member))
        return await self._with_notes(member, reply) if is_admin else reply

    async def _channel_command(self, member: Member, channel: Channel, command: Command) -> Reply:
        if self.daily is None:
            raise PrepError("Daily questions are not available in this process.")
        if command.name == "today":
            return await self.daily.today(member, channel)
        if command.name == "post-now":
            return await self.daily.post_now(member, channel)
        return await self.daily.schedule(member, channel, command.args)

    async def _practice(self, member: Member, command: Command) -> Reply:
        """The practice commands: one parsed member command, on the practice use cases."""
        args = command.args
        if command.name == "help":
            return help_reply()
        if command.name == "quiz":
            topic, difficulty = split_topic_and_difficulty(args, self.service.bank.topics)
            return await self.service.quiz(member, topic, difficulty)
        if command.name == "claim":
            return await self.service.self_assessment.claim(member, *claim_arguments(args))
        if command.name == "question":
            if len(args) != 1:
                raise UsageError("Name the question by the code on its card: /prep question Q1A2B3C.")
            return await self.service.self_assessment.question_statistics(member, args[0])
        if command.name == "answer":
            return await self.service.answer(member, command.text)
        if command.name == "leaderboard":
            period_given = bool(args) and args[0].lower() in PERIODS
            period = args[0].lower() if period_given else "week"
            topic = self._board_topic(args[1:] if period_given else args, period_given=period_given)
            return await self.service.leaderboard(member, period, topic)
        if command.name == "stats":
            return await self.service.stats(member, " ".join(args) or None)
        if command.name == "topics":
            return self.topics()
        raise UsageError(f"/prep {command.name} is not available here.")

    def _board_topic(self, words: tuple[str, ...], *, period_given: bool) -> str | None:
        if not words:
            return None
        try:
            return resolve_topic(" ".join(words), self.service.bank.topics)
        except UnknownTopic:
            if period_given or len(words) > 1:
                raise
            raise UsageError(
                f"Unknown period or topic '{words[0][:20]}': the periods are "
                f"{', '.join(PERIODS[:-1])} and {PERIODS[-1]}; /prep topics lists the "
                "topics."
            ) from None

    @property
    def platform_state(self) -> PlatformState:
        """Where adapters keep small facts between runs (e.g. the commands last registered)."""
        return self.service.store

    @property
    def database(self) -> AsyncEngine:
        """The database, for a platform's own tables (e.g. Slack's installations)."""
        return self.store.engine

    def prompt_of(self, question_id: str) -> str | None:
        """The question's prompt, or None when it is no longer in the bank."""
        question = self.service.bank.get(question_id)
        return question.prompt if question else None

    def topics(self) -> TopicList:
        """The topics with questions, and how many each has."""
        bank = self.service.bank
        counts = bank.topic_counts()
        return TopicList(
            tuple(TopicCount(t.id, t.title, counts[t.id], t.aliases) for t in bank.topics if counts[t.id])
        )

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
        opened = await self.service.store.get_pending(member)
        mock_reply = await self.mocks.take(member, Command("answer", text=response), opened, question_id)
        if mock_reply is not None:
            return mock_reply
        return await self.reviews.answer_question(member, question_id, response, opened)
