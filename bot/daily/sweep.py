"""The channels whose daily jobs are due together (the same minute's jobs, or a catch-up sweep),
read, claimed and recorded a batch at a time: a few statements per batch instead of several per
channel, so the platforms' pacing, not the bot, sets how long a large fan-out takes.

Claims are the same rows as one channel's (bot.storage.sweep_store), so posts stay exactly once
across processes. A channel with anything out of the ordinary (a day missed while the bot was
down, a question too late to post) goes its own way, one channel at a time, as it always has.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot.daily.boards import WeeklyBoards
from bot.daily.choosing import QuestionChooser
from bot.daily.delivery import LEASE
from bot.daily.missed import MissedDays
from bot.daily.outbox import PublishFailed
from bot.daily.question_posts import DayPost, QuestionPosts
from bot.daily.schedule import ScheduleSpec
from bot.daily.views import schedule_channel
from bot.models import Question
from bot.ports import PostRefused
from bot.replies import QuestionCard
from bot.storage.claim_store import POST
from bot.storage.daily_rows import ScheduleRow
from bot.storage.sweep_store import (
    Due,
    Key,
    NewPost,
    QuestionRecord,
    claim_batch,
    community_of,
    finish_posts,
    mark_send_started,
    read_due,
)
from bot.storage.transactions import Transactions

log = logging.getLogger("prepbot.daily")
LATE_AFTER = timedelta(minutes=1)  # a daily question posted later than this after its time is late
BATCH = 250  # channels read and claimed in one transaction
# A batch holds at most this many seconds of its platform's pace, so each claim is sent well
# within its lease (LEASE, less the time one platform call may take).
PACED_FOR = 60.0


async def each(jobs: Sequence[Awaitable[object]], names: Sequence[str]) -> None:
    """Run the jobs together; one failing is logged and stops no other."""
    results = await asyncio.gather(*jobs, return_exceptions=True)
    for name, result in zip(names, results, strict=True):
        if isinstance(result, Exception):
            log.error("%s failed: %r", name, result)


class Claimed(NamedTuple):
    wanted: DayPost
    due: datetime
    post_id: int
    card: QuestionCard


class MessageIds:
    """Stores message ids as sends finish: the ids that arrive while one write is under way go
    together in the next, so fast sends share a transaction and a slow one waits for none."""

    def __init__(self, transactions: Transactions) -> None:
        self.transactions = transactions
        self.waiting: list[tuple[int, str]] = []
        self.turn = asyncio.Lock()

    async def store(self, post_id: int, message_id: str) -> None:
        """Returns once the id is stored."""
        self.waiting.append((post_id, message_id))
        async with self.turn:
            if not self.waiting:
                return  # stored by the write before
            sent, self.waiting = self.waiting, []
            await self.transactions.run(lambda conn: finish_posts(conn, sent))


class DailySweep:
    def __init__(
        self,
        posts: QuestionPosts,
        missed: MissedDays,
        boards: WeeklyBoards,
        transactions: Transactions,
        *,
        own_way: Callable[[ScheduleRow, datetime], Awaitable[None]],
    ) -> None:
        self.posts = posts
        self.missed = missed
        self.boards = boards
        self.transactions = transactions
        self.own_way = own_way
        self.outbox = posts.outbox
        self.clock = posts.clock

    def batch_size(self, platform: str) -> int:
        rate = self.outbox.rates.get(platform, (10, 1.0))
        return BATCH if rate is None else max(1, min(BATCH, int(rate[0] / rate[1] * PACED_FOR)))

    async def run(self, keys: Sequence[Key]) -> None:
        """The daily jobs of these channels: the Monday leaderboard, then the day's question."""
        by_platform: dict[str, list[Key]] = {}
        for key in dict.fromkeys(keys):
            if self.outbox.serves(key[0]):
                by_platform.setdefault(key[0], []).append(key)
            else:
                log.debug("no %s publisher here: %s left to another process", *key)
        # A batch is claimed once the sends before it have had their turn: its leases start
        # near its own turns, and a channel that hangs keeps no other waiting.
        sending: list[asyncio.Task[None]] = []
        message_ids = MessageIds(self.transactions)
        try:
            for platform, served in by_platform.items():
                size = self.batch_size(platform)
                for start in range(0, len(served), size):
                    batch = served[start : start + size]
                    try:
                        sending += await self._batch(batch, message_ids)
                    except Exception:
                        log.exception(
                            "the daily jobs of %d channels failed; the next sweep retries", len(batch)
                        )
            await each(sending, [task.get_name() for task in sending])
        except asyncio.CancelledError:
            for task in sending:
                task.cancel()
            raise

    async def _batch(self, keys: Sequence[Key], message_ids: MessageIds) -> list[asyncio.Task[None]]:
        now = self.clock.now()
        read = await self.transactions.run(lambda conn: read_due(conn, keys, now))
        await each(
            [self.boards.post_if_due(s, now) for s in read.schedules],
            [f"weekly board of {s.platform}:{s.channel_id}" for s in read.schedules],
        )
        plain: list[Due] = []
        own_way: list[ScheduleRow] = []
        for due in read.due:
            s = due.schedule
            if due.earlier is not None and (s.platform, s.channel_id, due.earlier) not in read.recorded:
                own_way.append(s)  # a day missed before: recorded and reported first
            elif (s.platform, s.channel_id, due.day) in read.recorded:
                continue  # posted, given up, or unfinished (catch-up finishes those first)
            elif self.missed.too_late(due.at, due.at + s.spec.reveal_after, now):
                own_way.append(s)
            else:
                plain.append(due)
        await each(
            [self.own_way(s, now) for s in own_way],
            [f"daily job of {s.platform}:{s.channel_id}" for s in own_way],
        )
        if not plain:
            return []
        return await self._send(await self._claim(plain, read.record, now), now, message_ids)

    async def _claim(self, plain: list[Due], record: QuestionRecord, now: datetime) -> list[Claimed]:
        """Choose each channel's question (as QuestionChooser does for one) and claim the batch."""
        new: list[NewPost] = []
        free: set[Key] = set()
        pools: dict[ScheduleSpec, list[Question]] = {}
        chosen_from: dict[Key, tuple[list[Question], dict[str, date]]] = {}
        wanted: dict[Key, tuple[Due, DayPost]] = {}
        chooser = self.posts.chooser
        for due in plain:
            s = due.schedule
            community = community_of(s)
            taken = record.taken.setdefault((community, due.day), set())
            history = record.history.get(community, {})
            if s.spec not in pools:
                pools[s.spec] = chooser.candidates(community, s.spec)
            question = chooser.best(pools[s.spec], history, taken)
            if question is None:
                log.error("no question to post in %s: the question bank is empty", community)
                continue
            key = (s.platform, s.channel_id)
            closes_at = due.at + s.spec.reveal_after
            if question.id not in taken:
                free.add(key)
            taken.add(question.id)
            chosen_from[key] = (pools[s.spec], history)
            new.append(NewPost(community, s.platform, s.channel_id, question.id, due.day, closes_at))
            wanted[key] = (due, DayPost(schedule_channel(s), s.spec, due.day, closes_at, s.spec.timezone))

        def others(key: Key) -> list[str]:
            return QuestionChooser.in_order(*chosen_from[key])

        owner = self.posts.owner
        won = await self.transactions.run(
            lambda conn: claim_batch(conn, new, free, others, now=now, owner=owner, lease=LEASE)
        )
        claimed: list[Claimed] = []
        for key, (post_id, question_id, distinct) in won.items():
            due, day_post = wanted[key]
            if not distinct:
                log.warning(
                    "every question for %s:%s is already today's question in another channel of %s",
                    *key,
                    day_post.channel.community.key,
                )
            card = self.posts.card(post_id, question_id, day_post.closes_at, day_post.timezone)
            if card is None:
                await self.posts.daily_store.release(POST, post_id, owner)
            else:
                claimed.append(Claimed(day_post, due.at, post_id, card))
        return claimed

    async def _send(
        self, claimed: list[Claimed], now: datetime, message_ids: MessageIds
    ) -> list[asyncio.Task[None]]:
        """Each post sent in its own task once its platform's pace allows (returns when all
        have started)."""
        started = self.clock.now()
        ids = [c.post_id for c in claimed]
        await self.transactions.run(lambda conn: mark_send_started(conn, ids, started, LEASE))
        sending = []
        for c in claimed:
            await self.outbox.wait_turn(c.wanted.channel.platform)
            post = self._post(c, message_ids, late=now - c.due > LATE_AFTER)
            sending.append(asyncio.create_task(post, name=f"daily post {c.post_id}"))
        return sending

    async def _post(self, claimed: Claimed, message_ids: MessageIds, *, late: bool) -> None:
        """Send one claimed post (as Delivery.send_once does) and store its message id."""
        channel, post_id, metrics = claimed.wanted.channel, claimed.post_id, self.outbox.metrics
        try:
            message_id = await self.outbox.post(channel, claimed.card)
        except PostRefused as refusal:
            metrics.daily_post("failed", "refused")
            await self.posts.faults.refused(POST, channel, post_id, refusal)
            return
        except PublishFailed as error:
            log.error(
                "could not post to %s:%s (%s); the next sweep looks for it and finishes it",
                channel.platform,
                channel.channel_id,
                error,
            )
            await self.posts.daily_store.release(POST, post_id, self.posts.owner)
            metrics.daily_post("failed", "platform_error")
            return
        await message_ids.store(post_id, message_id)
        metrics.daily_post("sent", "")
        self.posts.published(post_id, claimed.wanted.closes_at)
        if late:
            metrics.daily_post("late", "caught_up")
