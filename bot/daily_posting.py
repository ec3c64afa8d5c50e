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
from bot.daily_edits import PostEditor
from bot.daily_outbox import Outbox, PublishFailed
from bot.daily_schedule import ScheduleSpec
from bot.daily_views import public_card
from bot.models import Channel, Question
from bot.ports import Clock
from bot.replies import Leaderboard, LeaderboardRow, Reply
from bot.service import rank_in
from bot.storage.daily_store import BOARD, POST, ClaimKind, DailyStore, PostRow, ScheduleRow
from bot.storage.repository import Store
from bot.storage.writes import community_key

log = logging.getLogger("prepbot.daily")

# How long a claim is reserved for its claimant: longer than a post with all its retries takes.
LEASE = timedelta(minutes=5)


class DailyWatcher(Protocol):
    """Told about changes that move scheduled jobs (the scheduler implements it)."""

    def post_published(self, post_id: int, closes_at: datetime) -> None: ...

    async def schedule_changed(self, platform: str, channel_id: str) -> None: ...


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
        self.editor = PostEditor(bank, daily_store, outbox, clock=clock, catchup=catchup)
        self._gate = asyncio.Semaphore(parallel)
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
        results = await asyncio.gather(
            *(self.run_schedule(s.platform, s.channel_id) for s in schedules),
            return_exceptions=True)
        for schedule, result in zip(schedules, results, strict=True):
            if isinstance(result, Exception):
                log.error("daily job of %s:%s failed: %r", schedule.platform,
                          schedule.channel_id, result)
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

        async def claim() -> tuple[int, bool] | None:
            won = await self.daily_store.claim_board(
                platform=channel.platform, channel_id=channel.channel_id, week_start=monday,
                now=self.clock.now(), owner=self.owner, lease=LEASE)
            if won is not None:
                return won, True
            lost = await self.daily_store.board_state(channel.platform, channel.channel_id, monday)
            return None if lost is None else (lost[0], False)

        async def build(_: int) -> Reply:
            return board

        await self._send_once(BOARD, channel, state[0] if state else None, claim, build)

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

        async def claim() -> tuple[int, bool] | None:
            question = await self._pick(community, spec)
            if question is None:
                log.error("no question to post in %s: the question bank is empty", community)
                return None
            won = await self.daily_store.claim_post(
                community=community, platform=channel.platform, channel_id=channel.channel_id,
                question_id=question.id, local_date=day, closes_at=closes_at,
                now=self.clock.now(), owner=self.owner, lease=LEASE)
            if won is not None:
                return won, True
            lost = await self.daily_store.post_for_day(channel.platform, channel.channel_id, day)
            return None if lost is None else (lost.id, False)

        async def build(post_id: int) -> Reply | None:
            post = await self.daily_store.get_post(post_id)
            question = self.bank.get(post.question_id) if post else None
            if post is None or question is None:
                log.error("post %s names a question missing from the bank", post_id)
                return None
            return public_card(question, self.bank.topics, post_id, 0, post.closes_at, spec.timezone)

        sent = await self._send_once(POST, channel, existing.id if existing else None,
                                     claim, build)
        if sent is None:
            return None
        post = await self.daily_store.get_post(sent)
        if post is not None and post.closes_at is not None:
            for watcher in self.watchers:
                watcher.post_published(post.id, post.closes_at)
        return post

    async def _send_once(self, kind: ClaimKind, channel: Channel, known_id: int | None,
                         claim: Callable[[], Awaitable[tuple[int, bool] | None]],
                         build: Callable[[int], Awaitable[Reply | None]]) -> int | None:
        """Claim (or take over an unfinished claim), post, then record the message id."""
        if known_id is None:
            claimed = await claim()
            if claimed is None:
                return None
            row_id, mine = claimed
        else:
            row_id, mine = known_id, False
        if not mine and not await self.daily_store.take_over(
                kind, row_id, owner=self.owner, now=self.clock.now(), lease=LEASE):
            return None  # already finished, or another worker holds a live claim
        reply = await build(row_id)
        if reply is None:
            await self.daily_store.release(kind, row_id, self.owner)
            return None
        try:
            message_id = await self.outbox.post(channel, reply)
        except PublishFailed as error:
            log.error("could not post to %s:%s (%s); the next attempt will finish it",
                      channel.platform, channel.channel_id, error)
            await self.daily_store.release(kind, row_id, self.owner)
            return None
        await self.daily_store.finish(kind, row_id, message_id)
        return row_id

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

    # --- reveal and live count (PostEditor) ------------------------------------------------

    async def reveal(self, post_id: int) -> None:
        await self.editor.reveal(post_id)

    def count_changed(self, post_id: int) -> None:
        self.editor.count_changed(post_id)

    async def settle(self) -> None:
        await self.editor.settle()
