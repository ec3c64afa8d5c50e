"""The scheduled side of daily questions: post each channel's question exactly once, post the
Monday leaderboard, and catch up after downtime (reveals and live counts: bot.daily_edits)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.bank import QuestionBank
from bot.daily_boards import WeeklyBoards
from bot.daily_delivery import LEASE, Delivery, Faults
from bot.daily_edits import PostEditor, channel_of
from bot.daily_outbox import Outbox
from bot.daily_schedule import ScheduleSpec
from bot.daily_views import public_card, schedule_channel
from bot.models import Channel, Question
from bot.ports import Clock
from bot.replies import Reply
from bot.storage.daily_store import POST, DailyStore, PostRow, ScheduleRow
from bot.storage.delivery_store import NO_QUESTION
from bot.storage.repository import Store
from bot.storage.writes import community_key

log = logging.getLogger("prepbot.daily")
# How far back a sweep looks for scheduled days that were never posted (to log and report them).
MISSED_DAYS_LOOKED_AT = 7


class DailyWatcher(Protocol):
    """Told about changes that move scheduled jobs (the scheduler implements it)."""

    def post_published(self, post_id: int, closes_at: datetime) -> None: ...

    async def schedule_changed(self, platform: str, channel_id: str) -> None: ...


class DailyPoster:
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
        self.bank = bank
        self.store = store
        self.daily_store = daily_store
        self.outbox = outbox
        self.clock = clock
        self.catchup = catchup
        self.owner = owner[:64]
        self.rng = rng or random.Random()
        self.watchers: list[DailyWatcher] = []
        self.editor = PostEditor(bank, daily_store, outbox, clock=clock, catchup=catchup)
        self.faults = Faults(daily_store, outbox, clock)
        self.delivery = Delivery(daily_store, outbox, self.faults, clock=clock, owner=self.owner)
        self.boards = WeeklyBoards(
            store, daily_store, self.delivery, clock=clock, catchup=catchup, owner=self.owner
        )

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

    async def catch_up(self) -> None:
        """Finish unfinished posts (scheduled or post-now), post what is due, reveal what is
        due: run at start and periodically, so downtime within the catch-up window costs
        nothing. Every channel goes its own way: one slow or failing channel delays no other."""
        unfinished = await self.daily_store.unfinished_post_ids()
        await self._each(
            [self.finish_post(post_id) for post_id in unfinished],
            [f"post {post_id}" for post_id in unfinished],
        )
        schedules = [s for s in await self.daily_store.list_schedules() if not s.paused]
        await self._each(
            [self.run_schedule(s.platform, s.channel_id) for s in schedules],
            [f"daily job of {s.platform}:{s.channel_id}" for s in schedules],
        )
        now = self.clock.now()
        for post in await self.daily_store.unrevealed_posts():
            if post.closes_at is not None and post.closes_at <= now:
                await self.reveal(post.id)

    @staticmethod
    async def _each(jobs: list[Awaitable[object]], names: list[str]) -> None:
        results = await asyncio.gather(*jobs, return_exceptions=True)
        for name, result in zip(names, results, strict=True):
            if isinstance(result, Exception):
                log.error("%s failed: %r", name, result)

    async def pending_reveals(self) -> list[tuple[int, datetime]]:
        now = self.clock.now()
        return [
            (p.id, p.closes_at)
            for p in await self.daily_store.unrevealed_posts()
            if p.closes_at is not None and p.closes_at > now
        ]

    async def _question_if_due(self, schedule: ScheduleRow, now: datetime) -> None:
        due = schedule.spec.latest_at_or_before(now)
        if due is None or due < schedule.active_since:
            return
        await self._report_missed_days(schedule, due)
        day = schedule.spec.local_date(due)
        if await self.daily_store.post_for_day(schedule.platform, schedule.channel_id, day):
            return  # posted, given up, or unfinished (catch_up finishes those first)
        closes_at = due + schedule.spec.reveal_after
        if now - due > self.catchup:
            await self._skip(
                schedule,
                day,
                f"the bot was not running at its post time and "
                f"{self._hours(self.catchup)} later it was too late to catch up",
            )
        elif closes_at <= now:
            await self._skip(
                schedule, day, "the bot was not running from its post time until after its reveal time"
            )
        else:
            await self.ensure_post(schedule_channel(schedule), schedule.spec, day, closes_at, none_yet=True)

    async def _report_missed_days(self, schedule: ScheduleRow, due: datetime) -> None:
        """Days before `due` that were never posted (the bot was down for longer than a day):
        recorded as skipped, logged and reported, once, going back to the last recorded day."""
        for _ in range(MISSED_DAYS_LOOKED_AT):
            earlier = schedule.spec.latest_at_or_before(due - timedelta(microseconds=1))
            if earlier is None or earlier < schedule.active_since:
                return
            due = earlier
            day = schedule.spec.local_date(due)
            if await self.daily_store.post_for_day(schedule.platform, schedule.channel_id, day):
                return
            await self._skip(schedule, day, "the bot was not running that day")

    async def _skip(self, schedule: ScheduleRow, day: date, why: str) -> None:
        channel = schedule_channel(schedule)
        first = await self.daily_store.skip_day(
            community=community_key(channel.platform, channel.community_id),
            platform=channel.platform,
            channel_id=channel.channel_id,
            day=day,
            now=self.clock.now(),
            reason=why,
        )
        if first:
            log.warning(
                "skipped the daily question of %s:%s for %s: %s",
                channel.platform,
                channel.channel_id,
                day,
                why,
            )
            await self.faults.gave_up(channel, None, day, why)

    @staticmethod
    def _hours(delta: timedelta) -> str:
        hours = delta.total_seconds() / 3600
        return f"{hours:g} hour{'s' * (hours != 1)}"

    # --- claiming and posting ----------------------------------------------------------------

    async def ensure_post(
        self,
        channel: Channel,
        spec: ScheduleSpec,
        day: date,
        closes_at: datetime,
        *,
        requested_by: str | None = None,
        none_yet: bool = False,
    ) -> PostRow | None:
        """The channel's post for local `day`, posted exactly once. None when it could not be
        finished now (another worker holds the claim, it failed, or the platform refused).
        `none_yet`: the caller just read that there is no post (a claim settles any race)."""
        existing = (
            None
            if none_yet
            else await self.daily_store.post_for_day(channel.platform, channel.channel_id, day)
        )
        if existing is not None and (existing.message_id is not None or existing.failure):
            return existing if existing.message_id is not None else None
        community = community_key(channel.platform, channel.community_id)

        async def claim() -> tuple[int, bool] | None:
            ranked = await self._ranked_questions(community, spec, day)
            if not ranked:
                log.error("no question to post in %s: the question bank is empty", community)
                return None
            won = await self.daily_store.claim_post(
                community=community,
                platform=channel.platform,
                channel_id=channel.channel_id,
                question_ids=[q.id for q in ranked],
                local_date=day,
                closes_at=closes_at,
                now=self.clock.now(),
                owner=self.owner,
                lease=LEASE,
                requested_by=requested_by,
            )
            if won is not None:
                if not won[1]:
                    log.warning(
                        "every question for %s:%s is already today's question in another channel of %s",
                        channel.platform,
                        channel.channel_id,
                        community,
                    )
                return won[0], True
            lost = await self.daily_store.post_for_day(channel.platform, channel.channel_id, day)
            return None if lost is None else (lost.id, False)

        return await self._deliver(channel, existing.id if existing else None, claim)

    async def finish_post(self, post_id: int) -> PostRow | None:
        """Finish a claimed post that was not finished (any channel, scheduled or post-now),
        or give it up, and say so, once it is too late."""
        post = await self.daily_store.get_post(post_id)
        if (
            post is None
            or post.message_id is not None
            or post.failure
            or not self.outbox.serves(post.platform)
        ):
            return None
        channel = channel_of(post)
        now = self.clock.now()
        why = None
        if post.closes_at is not None and post.closes_at <= now:
            why = "it could not be posted before its reveal time"
        elif now - post.created_at > self.catchup:
            why = f"it could not be posted within {self._hours(self.catchup)}"
        if why is None:
            return await self._deliver(channel, post.id, None)
        if await self.daily_store.fail_post(post.id, why):
            await self.faults.gave_up(channel, post, post.local_date, why)
        return None

    async def _deliver(
        self,
        channel: Channel,
        known_id: int | None,
        claim: Callable[[], Awaitable[tuple[int, bool] | None]] | None,
    ) -> PostRow | None:
        async def build(post_id: int) -> Reply | None:
            post = await self.daily_store.get_post(post_id)
            question = self.bank.get(post.question_id) if post else None
            if post is None or question is None:
                log.error("post %s names a question missing from the bank", post_id)
                return None
            schedule = await self.daily_store.get_schedule(post.platform, post.channel_id)
            zone = schedule.spec.timezone if schedule else "UTC"
            return public_card(question, self.bank.topics, post_id, 0, post.closes_at, zone)

        async def no_claim() -> None:
            return None

        sent = await self.delivery.send_once(POST, channel, known_id, claim or no_claim, build)
        if sent is None:
            return None
        post = await self.daily_store.get_post(sent)
        if post is not None and post.closes_at is not None:
            for watcher in self.watchers:
                watcher.post_published(post.id, post.closes_at)
        return post

    async def _ranked_questions(self, community: str, spec: ScheduleSpec, day: date) -> list[Question]:
        """Questions to post, best first: not yet had by the community (in random order), then
        the longest ago; questions another channel of the community has today come last."""
        candidates = [
            q
            for q in self.bank.select(difficulty=spec.difficulty)
            if not spec.topics or q.topic in spec.topics
        ]
        if not candidates:
            log.warning("no question matches the schedule in %s: using the whole bank", community)
            candidates = self.bank.select()
        history = await self.daily_store.question_history(community)
        taken = await self.daily_store.questions_taken(community, day)
        shuffled = self.rng.sample(candidates, len(candidates))
        ranked = sorted(shuffled, key=lambda q: (q.id in taken, q.id in history, history.get(q.id, date.min)))
        if ranked and ranked[0].id in taken:  # the schedule's own questions are all taken
            others = [q for q in self.bank.select() if q.id not in taken]
            ranked = self.rng.sample(others, len(others)) + ranked
        return ranked

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
        await self.daily_store.retry_failed(post.id)
        await self.finish_post(post.id)
        again = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
        return again.paused_reason if again is not None and again.paused else None

    # --- reveal and live count (PostEditor) ------------------------------------------------

    async def reveal(self, post_id: int) -> None:
        await self.editor.reveal(post_id)

    def count_changed(self, post_id: int) -> None:
        self.editor.count_changed(post_id)

    async def settle(self) -> None:
        await self.editor.settle()
