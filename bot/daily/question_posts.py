"""A channel's question of a day, posted exactly once: claimed with the best question, delivered,
and finished later (or given up, and said so) when it could not be at once."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.bank import QuestionBank
from bot.daily.choosing import QuestionChooser
from bot.daily.delivery import LEASE, Claim, Delivery, Faults
from bot.daily.editing import channel_of
from bot.daily.missed import hours
from bot.daily.outbox import Outbox
from bot.daily.schedule import ScheduleSpec
from bot.daily.views import public_card
from bot.models import Channel
from bot.ports import Clock
from bot.replies import QuestionCard
from bot.storage.claim_store import POST
from bot.storage.daily_rows import PostRow
from bot.storage.daily_store import DailyStore

log = logging.getLogger("prepbot.daily")


@dataclass(frozen=True)
class DayPost:
    """The question a channel is to post for a local day."""

    channel: Channel
    spec: ScheduleSpec  # its topics and difficulty choose the question
    day: date
    closes_at: datetime
    timezone: str  # the reveal time is shown in it
    requested_by: str | None = None  # an admin's post-now


class QuestionPosts:
    def __init__(
        self,
        bank: QuestionBank,
        daily_store: DailyStore,
        outbox: Outbox,
        delivery: Delivery,
        faults: Faults,
        chooser: QuestionChooser,
        *,
        clock: Clock,
        catchup: timedelta,
        owner: str,
        published: Callable[[int, datetime], None],
    ) -> None:
        self.bank = bank
        self.daily_store = daily_store
        self.outbox = outbox
        self.delivery = delivery
        self.faults = faults
        self.chooser = chooser
        self.clock = clock
        self.catchup = catchup
        self.owner = owner
        self.published = published

    async def ensure(self, wanted: DayPost, existing: PostRow | None) -> int | None:
        """The id of the channel's post for the day (`existing`: its row, if any), posted
        exactly once. None when it could not be finished now (another worker holds the claim,
        it failed, or the platform refused)."""
        if existing is None:
            return await self._deliver(wanted.channel, lambda: self._claim(wanted))
        if existing.message_id is not None:
            return existing.id
        if existing.failure:
            return None
        return await self._deliver(wanted.channel, lambda: self._unfinished(existing, wanted.timezone))

    async def finish(self, post: PostRow) -> int | None:
        """Finish a claimed post that was not finished (any channel, scheduled or post-now),
        or give it up, and say so, once it is too late."""
        if post.message_id is not None or post.failure or not self.outbox.serves(post.platform):
            return None
        channel = channel_of(post)
        now = self.clock.now()
        why = None
        if post.closes_at is not None and post.closes_at <= now:
            why = "it could not be posted before its reveal time"
        elif now - post.created_at > self.catchup:
            why = f"it could not be posted within {hours(self.catchup)}"
        if why is None:
            schedule = await self.daily_store.get_schedule(post.platform, post.channel_id)
            timezone = schedule.spec.timezone if schedule else "UTC"
            return await self._deliver(channel, lambda: self._unfinished(post, timezone))
        if await self.daily_store.fail_post(post.id, why):
            self.outbox.metrics.daily_post("failed", "too_late")
            await self.faults.gave_up(channel, post, post.local_date, why)
        return None

    async def _claim(self, wanted: DayPost) -> Claim | None:
        channel = wanted.channel
        community = channel.community.key
        ranked = await self.chooser.ranked(community, wanted.spec, wanted.day)
        if not ranked:
            log.error("no question to post in %s: the question bank is empty", community)
            return None
        won = await self.daily_store.claim_post(
            community=community,
            platform=channel.platform,
            channel_id=channel.channel_id,
            question_ids=[q.id for q in ranked],
            local_date=wanted.day,
            closes_at=wanted.closes_at,
            now=self.clock.now(),
            owner=self.owner,
            lease=LEASE,
            requested_by=wanted.requested_by,
        )
        if won is None:
            lost = await self.daily_store.post_for_day(channel.platform, channel.channel_id, wanted.day)
            return None if lost is None else await self._unfinished(lost, wanted.timezone)
        if not won.distinct:
            log.warning(
                "every question for %s:%s is already today's question in another channel of %s",
                channel.platform,
                channel.channel_id,
                community,
            )
        card = self.card(won.post_id, won.question_id, wanted.closes_at, wanted.timezone)
        return Claim(won.post_id, card, closes_at=wanted.closes_at)

    async def _unfinished(self, post: PostRow, timezone: str) -> Claim:
        """An earlier claim of the post, to take over if its lease ran out."""
        card = self.card(post.id, post.question_id, post.closes_at, timezone)
        return Claim(post.id, card, mine=False, closes_at=post.closes_at)

    def card(
        self, post_id: int, question_id: str, closes_at: datetime | None, timezone: str
    ) -> QuestionCard | None:
        question = self.bank.get(question_id)
        if question is None:
            log.error("post %s names a question missing from the bank", post_id)
            return None
        return public_card(question, self.bank.topics, post_id, 0, closes_at, timezone)

    async def _deliver(self, channel: Channel, claim: Callable[[], Awaitable[Claim | None]]) -> int | None:
        sent = await self.delivery.send_once(POST, channel, claim)
        if sent is None:
            return None
        if sent.closes_at is not None:
            self.published(sent.row_id, sent.closes_at)
        return sent.row_id
