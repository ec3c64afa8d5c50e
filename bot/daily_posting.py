"""The scheduled side of daily questions: post each channel's question exactly once, reveal it,
post the Monday leaderboard, keep the live answer count, and catch up after downtime."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy import Table

from bot.bank import QuestionBank
from bot.daily_outbox import Outbox, PublishFailed
from bot.daily_schedule import ScheduleSpec
from bot.daily_views import public_card, reveal_for
from bot.models import Channel, Question
from bot.ports import Clock
from bot.replies import Leaderboard, LeaderboardRow, Reply
from bot.service import rank_in
from bot.storage.daily_store import DailyStore, PostRow, ScheduleRow
from bot.storage.repository import Store, community_key
from bot.storage.tables import posts, weekly_boards

log = logging.getLogger("prepbot.daily")

# How long a claim is reserved for its claimant: longer than a post with all its retries takes.
LEASE = timedelta(minutes=5)


class DailyWatcher(Protocol):
    """Told about changes that move scheduled jobs (the scheduler implements it)."""

    def post_published(self, post_id: int, closes_at: datetime) -> None: ...

    async def schedule_changed(self, platform: str, channel_id: str) -> None: ...


def channel_of(post: PostRow) -> Channel:
    return Channel(platform=post.platform, community_id=post.community.split(":", 1)[1],
                   channel_id=post.channel_id)


def schedule_channel(schedule: ScheduleRow) -> Channel:
    return Channel(platform=schedule.platform, community_id=schedule.community_id,
                   channel_id=schedule.channel_id)


class DailyPoster:
    def __init__(self, bank: QuestionBank, store: Store, daily_store: DailyStore,
                 outbox: Outbox, *, clock: Clock, catchup: timedelta, owner: str,
                 rng: random.Random | None = None, parallel: int = 10) -> None:
        self.bank = bank
        self.store = store
        self.daily_store = daily_store
        self.outbox = outbox
        self.clock = clock
        self.catchup = catchup
        self.owner = owner[:64]
        self.rng = rng or random.Random()
        self.watchers: list[DailyWatcher] = []
        self._gate = asyncio.Semaphore(parallel)
        self._edit_locks: dict[int, asyncio.Lock] = {}
        self._counting: set[int] = set()
        self._recount: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._reported_misses: set[tuple[str, str, date]] = set()

    # --- scheduled jobs ----------------------------------------------------------------------

    async def run_schedule(self, platform: str, channel_id: str) -> None:
        """One channel's job: the Monday leaderboard, then the day's question, when due."""
        async with self._gate:
            schedule = await self.daily_store.get_schedule(platform, channel_id)
            if schedule is None or schedule.paused:
                return
            if not self.outbox.serves(platform):
                log.debug("no %s publisher here: %s left to another process", platform, channel_id)
                return
            now = self.clock.now()
            await self._board_if_due(schedule, now)
            await self._question_if_due(schedule, now)

    async def catch_up(self) -> None:
        """Post what is due (and unfinished claims), reveal what is due: run at start and
        periodically, so downtime within the catch-up window costs nothing."""
        schedules = [s for s in await self.daily_store.list_schedules() if not s.paused]
        await asyncio.gather(*(self.run_schedule(s.platform, s.channel_id) for s in schedules))
        now = self.clock.now()
        for post in await self.daily_store.unrevealed_posts():
            if post.closes_at is not None and post.closes_at <= now:
                await self.reveal(post.id)

    async def pending_reveals(self) -> list[tuple[int, datetime]]:
        now = self.clock.now()
        return [(p.id, p.closes_at) for p in await self.daily_store.unrevealed_posts()
                if p.closes_at is not None and p.closes_at > now]

    def _within_window(self, what: str, schedule: ScheduleRow, due: datetime,
                       now: datetime) -> bool:
        if now - due <= self.catchup:
            return True
        key = (what, f"{schedule.platform}:{schedule.channel_id}", schedule.spec.local_date(due))
        if key not in self._reported_misses:
            self._reported_misses.add(key)
            log.warning("skipped the %s of %s for %s: %s late, past the %s catch-up window",
                        what, key[1], key[2], now - due, self.catchup)
        return False

    async def _question_if_due(self, schedule: ScheduleRow, now: datetime) -> None:
        due = schedule.spec.latest_at_or_before(now)
        if due is None or due < schedule.active_since:
            return
        day = schedule.spec.local_date(due)
        existing = await self.daily_store.post_for_day(schedule.platform, schedule.channel_id, day)
        if existing is not None and existing.message_id is not None:
            return
        if self._within_window("daily question", schedule, due, now):
            await self.ensure_post(schedule_channel(schedule), schedule.spec, day,
                                   due + schedule.spec.reveal_after)

    async def _board_if_due(self, schedule: ScheduleRow, now: datetime) -> None:
        due = schedule.spec.latest_at_or_before(now, any_day=True)
        if due is None or due < schedule.active_since:
            return
        monday = schedule.spec.local_date(due)
        if monday.weekday() != 0:
            return
        state = await self.daily_store.board_state(schedule.platform, schedule.channel_id, monday)
        if state is not None and state[1] is not None:
            return
        if not self._within_window("weekly leaderboard", schedule, due, now):
            return
        board = await self._last_week_board(schedule, monday)
        if board is None:
            return
        channel = schedule_channel(schedule)

        async def claim() -> int | None:
            return await self.daily_store.claim_board(
                platform=channel.platform, channel_id=channel.channel_id, week_start=monday,
                now=self.clock.now(), owner=self.owner, lease=LEASE)

        async def build(_: int) -> Reply:
            return board

        await self._send_once(weekly_boards, channel, state[0] if state else None, claim, build)

    async def _last_week_board(self, schedule: ScheduleRow, monday: date) -> Leaderboard | None:
        week = monday - timedelta(days=7)
        community = community_key(schedule.platform, schedule.community_id)
        entries = await self.store.top(community, f"week:{week.isoformat()}")
        if not entries:
            return None
        rows = tuple(LeaderboardRow(rank_in(entries, i), e.name, e.points, e.correct)
                     for i, e in enumerate(entries))
        return Leaderboard(period="week", topic_title=None, rows=rows, caller=None,
                           private=False, week_start=week.isoformat())

    # --- claiming and posting ----------------------------------------------------------------

    async def ensure_post(self, channel: Channel, spec: ScheduleSpec, day: date,
                          closes_at: datetime) -> PostRow | None:
        """The channel's post for local `day`, posted exactly once. None when it could not be
        finished now (another worker holds the claim, or the platform kept failing)."""
        existing = await self.daily_store.post_for_day(channel.platform, channel.channel_id, day)
        if existing is not None and existing.message_id is not None:
            return existing
        community = community_key(channel.platform, channel.community_id)

        async def claim() -> int | None:
            question = await self._pick(community, spec)
            if question is None:
                log.error("no question to post in %s: the question bank is empty", community)
                return None
            return await self.daily_store.claim_post(
                community=community, platform=channel.platform, channel_id=channel.channel_id,
                question_id=question.id, local_date=day, closes_at=closes_at,
                now=self.clock.now(), owner=self.owner, lease=LEASE)

        async def build(post_id: int) -> Reply | None:
            post = await self.daily_store.get_post(post_id)
            question = self.bank.get(post.question_id) if post else None
            if post is None or question is None:
                log.error("post %s names a question missing from the bank", post_id)
                return None
            return public_card(question, post_id, 0, post.closes_at, spec.timezone)

        sent = await self._send_once(posts, channel, existing.id if existing else None,
                                     claim, build)
        if sent is None:
            return None
        post = await self.daily_store.get_post(sent)
        if post is not None and post.closes_at is not None:
            for watcher in self.watchers:
                watcher.post_published(post.id, post.closes_at)
        return post

    async def _send_once(self, table: Table, channel: Channel, known_id: int | None,
                         claim: Callable[[], Awaitable[int | None]],
                         build: Callable[[int], Awaitable[Reply | None]]) -> int | None:
        row_id = None if known_id is not None else await claim()
        if row_id is None:
            row_id = known_id if known_id is not None else await self._row_id(table, channel)
            if row_id is None or not await self.daily_store.take_over(
                    table, row_id, owner=self.owner, now=self.clock.now(), lease=LEASE):
                return None  # finished, or another worker is on it right now
        reply = await build(row_id)
        if reply is None:
            await self.daily_store.release(table, row_id, self.owner)
            return None
        try:
            message_id = await self.outbox.post(channel, reply)
        except PublishFailed as error:
            log.error("could not post to %s:%s (%s); the next attempt will finish it",
                      channel.platform, channel.channel_id, error)
            await self.daily_store.release(table, row_id, self.owner)
            return None
        await self.daily_store.finish(table, row_id, message_id)
        return row_id

    async def _row_id(self, table: Table, channel: Channel) -> int | None:
        """The row that won the claim race (lost claims look it up again)."""
        return await self.daily_store.unfinished_row(table, channel.platform, channel.channel_id)

    async def _pick(self, community: str, spec: ScheduleSpec) -> Question | None:
        candidates = [q for q in self.bank.select(difficulty=spec.difficulty)
                      if not spec.topics or q.topic in spec.topics]
        if not candidates:
            log.warning("no question matches the schedule in %s: using the whole bank", community)
            candidates = self.bank.select()
        if not candidates:
            return None
        history = await self.daily_store.question_history(community)
        fresh = [q for q in candidates if q.id not in history]
        if fresh:
            return self.rng.choice(fresh)
        oldest = min(history[q.id] for q in candidates)
        return self.rng.choice([q for q in candidates if history[q.id] == oldest])

    # --- reveal and live count ---------------------------------------------------------------

    def _lock(self, post_id: int) -> asyncio.Lock:
        return self._edit_locks.setdefault(post_id, asyncio.Lock())

    async def reveal(self, post_id: int) -> None:
        """Edit the post into its reveal once it has closed (idempotent: an edit, not a post)."""
        post = await self.daily_store.get_post(post_id)
        if post is None or post.message_id is None or post.revealed_at is not None \
                or post.closes_at is None:
            return
        now = self.clock.now()
        if post.closes_at > now:
            return
        if now - post.closes_at > self.catchup:
            log.warning("skipped the reveal of post %s: %s late, past the catch-up window",
                        post_id, now - post.closes_at)
            await self.daily_store.mark_reveal_skipped(post_id)
            return
        question = self.bank.get(post.question_id)
        if question is None:
            await self.daily_store.mark_reveal_skipped(post_id)
            return
        if not self.outbox.serves(post.platform):
            return
        async with self._lock(post_id):
            answers = await self.daily_store.post_answers(post_id)
            try:
                await self.outbox.edit(channel_of(post), post.message_id,
                                       reveal_for(question, post_id, answers))
            except PublishFailed as error:
                log.error("could not reveal post %s (%s); the next sweep retries", post_id, error)
                return
            await self.daily_store.mark_revealed(post_id, now)
        self._edit_locks.pop(post_id, None)

    def count_changed(self, post_id: int) -> None:
        """Refresh the post's live answer count soon; bursts of answers share one edit."""
        if post_id in self._counting:
            self._recount.add(post_id)
            return
        self._counting.add(post_id)
        task = asyncio.create_task(self._refresh_count(post_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh_count(self, post_id: int) -> None:
        try:
            while True:
                self._recount.discard(post_id)
                async with self._lock(post_id):
                    post = await self.daily_store.get_post(post_id)
                    if post is None or post.message_id is None or post.revealed_at is not None:
                        return
                    question = self.bank.get(post.question_id)
                    if question is None or not self.outbox.serves(post.platform):
                        return
                    count = await self.daily_store.answered_count(post_id)
                    card = public_card(question, post_id, count, post.closes_at, "UTC")
                    schedule = await self.daily_store.get_schedule(post.platform, post.channel_id)
                    if schedule is not None:
                        card = public_card(question, post_id, count, post.closes_at,
                                           schedule.spec.timezone)
                    await self.outbox.edit(channel_of(post), post.message_id, card, attempts=2)
                if post_id not in self._recount:
                    return
        except PublishFailed as error:
            log.warning("live count of post %s not updated: %s", post_id, error)
        finally:
            self._counting.discard(post_id)

    async def settle(self) -> None:
        """Wait for background count updates (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
