"""Daily questions as members meet them: `today`, answers to a channel's post, and daily streaks;
admins' `schedule ...` and `post-now` go to bot.daily.admin. Implements the dispatcher's
ChannelCommands."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

from bot.community_settings import Communities
from bot.daily.admin import NO_SCHEDULE, ScheduleAdmin
from bot.daily.ports import DailyJobs
from bot.daily.posting import DailyPoster
from bot.daily.removals import LostChannels
from bot.daily.views import local_time, public_card, reveal_for
from bot.errors import NotFound, QuestionClosed
from bot.grading import Verdict
from bot.models import Channel, Member
from bot.ports import Clock, Metrics, Publisher, SystemClock
from bot.replies import AnswerFeedback, Notice, Reply
from bot.service import PracticeService
from bot.storage.daily_rows import PostRow
from bot.storage.delivery_store import NO_QUESTION


def daily_streak(posted_days: list[date], answered: set[date], today: date) -> int:
    """Consecutive posted days answered, newest first. Days without a post (skipped weekdays)
    do not break a streak, and today's still-unanswered question does not either."""
    streak = 0
    for index, day in enumerate(posted_days):
        if day in answered:
            streak += 1
        elif index == 0 and day >= today:
            continue
        else:
            break
    return streak


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DailyService:
    def __init__(
        self,
        practice: PracticeService,
        poster: DailyPoster,
        communities: Communities,
        *,
        default_timezone: str = "UTC",
        clock: Clock | None = None,
    ) -> None:
        self.practice = practice
        self.poster = poster
        self.daily_store = poster.daily_store
        self.bank = practice.bank
        self.default_timezone = default_timezone
        self.clock = clock or SystemClock()
        self.admin = ScheduleAdmin(
            poster, self.bank, default_timezone=default_timezone, clock=self.clock, communities=communities
        )
        self.lost_channels = LostChannels(poster)

    @property
    def jobs(self) -> DailyJobs:
        """What the scheduler runs."""
        return self.poster

    @property
    def metrics(self) -> Metrics:
        """What the daily jobs count (the scheduler adds how late they start)."""
        return self.poster.outbox.metrics

    def add_publisher(self, publisher: Publisher) -> None:
        """Post this platform's daily questions from this process."""
        self.poster.outbox.register(publisher)

    # --- admins (bot.daily.admin) ----------------------------------------------------------------

    async def schedule(self, member: Member, channel: Channel, args: tuple[str, ...]) -> Notice:
        return await self.admin.schedule(member, channel, args)

    async def post_now(self, member: Member, channel: Channel) -> Notice:
        return await self.admin.post_now(member, channel)

    # --- members -----------------------------------------------------------------------------

    async def today(self, member: Member, channel: Channel) -> Reply:
        post = await self.daily_store.latest_post(channel.platform, channel.channel_id)
        if post is None:
            saved = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
            if saved is None:
                return Notice(NO_SCHEDULE)
            next_post = await self.admin.next_post(channel, saved.spec, self.clock.now())
            return Notice(
                f"No daily question has been posted here yet. Next one: {local_time(saved.spec, next_post)}."
            )
        question = self.bank.get(post.question_id)
        if question is None:
            return Notice("Today's question is no longer in the bank. Try /prep quiz.")
        if self._closed(post):
            answers = await self.daily_store.post_answers(post.id)
            return reveal_for(question, self.bank.topics, post.id, answers, private=True)
        answered_as = await self._answered_as(member, post.id)
        if answered_as is None:
            await self.practice.store.set_pending(member, question.id, post.id, self.clock.now())
        count = await self.daily_store.answered_count(post.id)
        saved = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
        zone = saved.spec.timezone if saved else self.default_timezone
        card = public_card(question, self.bank.topics, post.id, count, post.closes_at, zone, private=True)
        return replace(card, answered_as=answered_as)

    async def _answered_as(self, member: Member, post_id: int) -> Verdict | None:
        """The member's verdict on the post, or None if they have not answered."""
        record = await self.practice.store.find_member(
            member.platform, member.community_id, member.user_id, by_name=False
        )
        if record is None:
            return None
        mine = [a for a in await self.daily_store.post_answers(post_id) if a.member_id == record.id]
        return Verdict(mine[0].verdict) if mine else None

    def _closed(self, post: PostRow) -> bool:
        return post.revealed_at is not None or (
            post.closes_at is not None and post.closes_at <= self.clock.now()
        )

    async def open_post(self, channel: Channel) -> int | None:
        """The channel's daily post still taking answers, if any."""
        post = await self.daily_store.latest_post(channel.platform, channel.channel_id)
        return None if post is None or self._closed(post) else post.id

    async def answer_post(
        self, member: Member, post_id: int, response: str, channel: Channel | None = None
    ) -> AnswerFeedback:
        """`channel`, when given, is where the answer came from: it must be the post's own."""
        # A click on the post's buttons shows it is visible even when its message id is not
        # stored yet (the send's outcome is unknown until the next sweep finds it).
        post = await self.daily_store.get_post(post_id)
        if post is None or post.question_id == NO_QUESTION or post.community != member.community.key:
            raise NotFound("That daily question does not exist here.")
        if channel is not None and (channel.platform, channel.channel_id) != (post.platform, post.channel_id):
            raise NotFound("That daily question belongs to another channel: answer it there.")
        if self._closed(post):
            raise QuestionClosed(
                "This daily question is closed and its answer revealed. You can "
                "still practise questions privately with /prep quiz."
            )
        feedback = await self.practice.answer_question(member, post.question_id, response, post_id)
        self.poster.count_changed(post_id)
        streak = await self.daily_streak(member)
        notes = feedback.notes
        if feedback.repeat:
            notes = (
                *notes,
                "You had already answered this question (in another channel, or "
                "as practice), so it earns no points again; it still counts for your daily "
                "streak.",
            )
        return replace(feedback, streak=streak, daily_streak=streak, notes=notes)

    async def take_notes(self, member: Member) -> list[str]:
        """Notes left for this member (an admin): posts that could not be made, and why."""
        return await self.daily_store.take_notes(member.platform, member.community_id, member.user_id)

    async def daily_streak(self, member: Member) -> int:
        posted, answered = await self.daily_store.daily_days(member.community.key, member.user_id)
        today = self.clock.now().astimezone(ZoneInfo(self.default_timezone)).date()
        return daily_streak(posted, answered, today)
