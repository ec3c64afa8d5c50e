"""The scheduled side of daily questions: each channel's job (the Monday leaderboard, then the
day's question), the catch-up sweep after downtime, and resuming after a refusal. Posting one
question: bot.daily.question_posts; reveals and live counts: bot.daily.editing."""

from __future__ import annotations

import logging
import random
from dataclasses import replace
from datetime import datetime, timedelta

from bot.bank import QuestionBank
from bot.daily.boards import WeeklyBoards
from bot.daily.choosing import QuestionChooser
from bot.daily.delivery import Delivery, Faults
from bot.daily.editing import PostEditor
from bot.daily.missed import MissedDays
from bot.daily.outbox import Outbox
from bot.daily.ports import ChannelSchedule, PendingReveal, ScheduleChangeListener
from bot.daily.question_posts import DayPost, QuestionPosts
from bot.daily.schedule import ScheduleSpec
from bot.daily.sweep import LATE_AFTER, DailySweep, each
from bot.daily.views import schedule_channel
from bot.models import Channel
from bot.ports import Clock
from bot.storage.daily_rows import PostRow, ScheduleRow
from bot.storage.daily_store import DailyStore
from bot.storage.delivery_store import NO_QUESTION
from bot.storage.repository import Store

log = logging.getLogger("prepbot.daily")


class DailyPoster:
    """The daily-question jobs (bot.daily.ports.DailyJobs) and the steps they are made of."""

    def __init__(
        self,
        bank: QuestionBank,
        store: Store,
        daily_store: DailyStore,
        outbox: Outbox,
        *,
        clock: Clock,
        catchup: timedelta,
        owner: str,
        rng: random.Random | None = None,
    ) -> None:
        self.daily_store = daily_store
        self.outbox = outbox
        self.clock = clock
        owner = owner[:64]
        self._listeners: list[ScheduleChangeListener] = []
        self.editor = PostEditor(bank, daily_store, outbox, clock=clock, catchup=catchup)
        self.faults = Faults(daily_store, outbox, clock)
        delivery = Delivery(daily_store, outbox, self.faults, clock=clock, owner=owner)
        self.boards = WeeklyBoards(store, daily_store, delivery, clock=clock, catchup=catchup, owner=owner)
        self.missed = MissedDays(daily_store, self.faults, outbox.metrics, clock=clock, catchup=catchup)
        chooser = QuestionChooser(bank, daily_store, rng or random.Random())
        self.posts = QuestionPosts(
            bank,
            daily_store,
            outbox,
            delivery,
            self.faults,
            chooser,
            clock=clock,
            catchup=catchup,
            owner=owner,
            published=self._published,
        )
        self.sweep = DailySweep(
            self.posts, self.missed, self.boards, store.transactions, own_way=self._question_if_due
        )

    # --- telling the scheduler ---------------------------------------------------------------

    def listen(self, listener: ScheduleChangeListener) -> None:
        self._listeners.append(listener)

    async def schedule_changed(self, platform: str, channel_id: str) -> None:
        for listener in self._listeners:
            await listener.schedule_changed(platform, channel_id)

    def _published(self, post_id: int, closes_at: datetime) -> None:
        for listener in self._listeners:
            listener.post_published(post_id, closes_at)

    async def active_schedules(self) -> list[ChannelSchedule]:
        return [
            ChannelSchedule(s.platform, s.channel_id, s.spec)
            for s in await self.daily_store.list_schedules()
            if not s.paused
        ]

    async def active_schedule(self, platform: str, channel_id: str) -> ScheduleSpec | None:
        schedule = await self.daily_store.get_schedule(platform, channel_id)
        return None if schedule is None or schedule.paused else schedule.spec

    async def pending_reveals(self) -> list[PendingReveal]:
        now = self.clock.now()
        return [
            PendingReveal(p.id, p.closes_at)
            for p in await self.daily_store.unrevealed_posts()
            if p.closes_at is not None and p.closes_at > now
        ]

    # --- scheduled jobs ----------------------------------------------------------------------

    async def run_schedule(self, platform: str, channel_id: str) -> None:
        """One channel's job: the Monday leaderboard, then the day's question, when due."""
        schedule = await self.daily_store.get_schedule(platform, channel_id)
        if schedule is None or schedule.paused:
            return
        if not self.outbox.serves(platform):
            log.debug("no %s publisher here: %s left to another process", platform, channel_id)
            return
        now = self.clock.now()
        await self.boards.post_if_due(schedule, now)
        await self._question_if_due(schedule, now)

    async def run_schedules(self, channels: list[tuple[str, str]]) -> None:
        """The jobs of many channels due at once, (platform, channel id) each: as `run_schedule`
        does for one, a batch of channels at a time."""
        await self.sweep.run(channels)

    async def catch_up(self) -> None:
        """Finish unfinished posts (scheduled or post-now), post what is due, reveal what is
        due: run at start and periodically, so downtime within the catch-up window costs
        nothing. Every channel goes its own way: one slow or failing channel delays no other."""
        unfinished = await self.daily_store.unfinished_posts()
        await each(
            [self.posts.finish(post) for post in unfinished], [f"post {post.id}" for post in unfinished]
        )
        schedules = [s for s in await self.daily_store.list_schedules() if not s.paused]
        await self.sweep.run([(s.platform, s.channel_id) for s in schedules])
        now = self.clock.now()
        for post in await self.daily_store.unrevealed_posts():
            if post.closes_at is not None and post.closes_at <= now:
                await self.reveal(post.id)

    async def _question_if_due(self, schedule: ScheduleRow, now: datetime) -> None:
        due = schedule.spec.latest_at_or_before(now)
        if due is None or due < schedule.active_since:
            return
        await self.missed.record_days_before(schedule, due)
        day = schedule.spec.local_date(due)
        if await self.daily_store.post_for_day(schedule.platform, schedule.channel_id, day):
            return  # posted, given up, or unfinished (catch_up finishes those first)
        closes_at = due + schedule.spec.reveal_after
        late = self.missed.too_late(due, closes_at, now)
        if late is not None:
            await self.missed.skip(schedule, day, late)
            return
        wanted = DayPost(schedule_channel(schedule), schedule.spec, day, closes_at, schedule.spec.timezone)
        posted = await self.posts.ensure(wanted, existing=None)
        if posted is not None and now - due > LATE_AFTER:
            self.outbox.metrics.daily_post("late", "caught_up")

    # --- an admin's post-now -----------------------------------------------------------------

    async def ensure_post(self, wanted: DayPost, existing: PostRow | None) -> int | None:
        return await self.posts.ensure(wanted, existing)

    # --- resuming after a refusal ----------------------------------------------------------

    async def resume(self, channel: Channel, schedule: ScheduleRow) -> str | None:
        """Resume a paused schedule. After a refusal, first check the bot can post again (and
        post today's question if the refusal cost it and there is still time). Returns why it
        stays paused, or None."""
        if schedule.paused_reason:
            problem = await self.faults.recheck(channel)
            if problem is not None:
                return problem
        now = self.clock.now()
        await self.daily_store.set_paused(channel.platform, channel.channel_id, False, now)
        due = schedule.spec.latest_at_or_before(now)
        if due is None or not schedule.paused_reason:
            return None
        post = await self.daily_store.post_for_day(
            channel.platform, channel.channel_id, schedule.spec.local_date(due)
        )
        if post is None or post.message_id is not None or not post.failure or post.question_id == NO_QUESTION:
            return None
        await self.retry(post)
        again = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
        return again.paused_reason if again is not None and again.paused else None

    async def retry(self, failed: PostRow) -> int | None:
        """Try a post that failed again (an admin asked): its id once posted, else None."""
        await self.daily_store.retry_failed(failed.id)
        return await self.posts.finish(replace(failed, failure=None))

    # --- reveal and live count (PostEditor) ------------------------------------------------

    async def reveal(self, post_id: int) -> None:
        await self.editor.reveal(post_id)

    def count_changed(self, post_id: int) -> None:
        self.editor.count_changed(post_id)

    async def settle(self) -> None:
        await self.editor.settle()
