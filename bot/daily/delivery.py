"""Delivering one claimed channel post exactly once, and telling a person when it cannot be.

A claim is finished in three steps: look for the post if an earlier attempt may have sent it
(its outcome unknown), record that a send begins, send and store the message id. A refusal
(`PostRefused`) pauses the channel's schedule, records why and tells the admin; any other
failure leaves the claim for the next sweep.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot.daily.outbox import CannotLookUp, Outbox, PublishFailed
from bot.models import Channel
from bot.ports import ChannelCheck, Clock, PostRefused
from bot.replies import Notice, Reply, Tone
from bot.storage.claim_store import POST, ClaimKind
from bot.storage.daily_rows import PostRow, Takeover
from bot.storage.daily_store import DailyStore

log = logging.getLogger("prepbot.daily")

# How long a claim is reserved for its claimant: longer than one platform call may take
# (Outbox.deadline), so a live call is never taken over by another worker.
LEASE = timedelta(minutes=5)
# A post is looked for from a little before its send began (platform clocks differ).
LOOK_BACK = timedelta(minutes=2)


def refusal_text(refusal: PostRefused) -> str:
    return f"{refusal.reason}. {refusal.fix}".strip().rstrip(".") + "."


class Faults:
    """What happens when a channel cannot be posted to: records, pauses and notes."""

    def __init__(self, daily_store: DailyStore, outbox: Outbox, clock: Clock) -> None:
        self.daily_store = daily_store
        self.outbox = outbox
        self.clock = clock

    async def tell(self, channel: Channel, user_id: str | None, text: str) -> None:
        """A private note for the admin, shown with the reply to their next command."""
        if user_id is None:
            log.warning("nobody to tell in %s:%s: %s", channel.platform, channel.channel_id, text)
            return
        await self.daily_store.add_note(
            channel.platform, channel.community_id, user_id, text, self.clock.now()
        )

    async def admin_of(self, channel: Channel, post: PostRow | None) -> str | None:
        """Who asked for the post (post-now), else who set the channel's schedule."""
        if post is not None and post.requested_by:
            return post.requested_by
        schedule = await self.daily_store.get_schedule(channel.platform, channel.channel_id)
        return schedule.set_by if schedule else None

    async def refused(self, kind: ClaimKind, channel: Channel, row_id: int, refusal: PostRefused) -> None:
        """The platform refused the channel's post for good: stop trying and reach a person."""
        log.error(
            "%s:%s refused the daily %s: %s", channel.platform, channel.channel_id, kind, refusal.reason
        )
        post = await self.daily_store.get_post(row_id) if kind == POST else None
        if kind == POST:
            await self.daily_store.fail_post(row_id, refusal_text(refusal))
        paused = await self.daily_store.pause_for(channel.platform, channel.channel_id, refusal_text(refusal))
        if not paused and kind != POST:
            return  # already paused and told
        day = f" of {post.local_date}" if post is not None and post.local_date else ""
        admin = await self.admin_of(channel, post)
        after = (
            " The daily schedule there is paused: once it is fixed, run /prep schedule "
            "resume in that channel."
            if paused
            else ""
        )
        await self.tell(
            channel,
            admin,
            f"The daily question{day} could not be posted in "
            f"channel {channel.channel_id}: {refusal_text(refusal)}{after}",
        )
        if paused:
            await self._say_in_channel(channel, refusal)

    async def _say_in_channel(self, channel: Channel, refusal: PostRefused) -> None:
        """Tell the channel too, when the bot can still post there (e.g. it only lacks the
        permission to embed); one attempt, its failure ignored."""
        notice = Notice(
            "The daily question is paused here: "
            f"{refusal_text(refusal)} An admin can run /prep schedule resume once "
            "it is fixed.",
            Tone.ERROR,
            private=False,
        )
        try:
            await self.outbox.wait_turn(channel.platform)
            await self.outbox.post(channel, notice)
        except (PostRefused, PublishFailed):
            log.info("%s:%s cannot be told either", channel.platform, channel.channel_id)

    async def recheck(self, channel: Channel) -> str | None:
        """Whether the bot can post in the channel again: asks the publisher when it can tell
        without posting, else posts a short notice. Why not, or None."""
        publisher = self.outbox.publishers.get(channel.platform)
        if publisher is None:
            return None  # another process serves this platform; its next post will tell
        try:
            if isinstance(publisher, ChannelCheck):
                await publisher.check_channel(channel)
            else:
                await self.outbox.wait_turn(channel.platform)
                await self.outbox.post(
                    channel,
                    Notice("Daily questions are back on in this channel.", Tone.SUCCESS, private=False),
                )
        except PostRefused as refusal:
            return refusal_text(refusal)
        except Exception as error:
            log.warning("could not check %s:%s: %s", channel.platform, channel.channel_id, error)
            return "the platform did not answer the check. Try /prep schedule resume again in a few minutes."
        return None

    async def gave_up(self, channel: Channel, post: PostRow | None, day: date | None, why: str) -> None:
        """A day's question that was never posted: log it and tell the admin."""
        when = f" of {day}" if day else ""
        log.warning(
            "the daily question%s of %s:%s was not posted: %s",
            when,
            channel.platform,
            channel.channel_id,
            why,
        )
        await self.tell(
            channel,
            await self.admin_of(channel, post),
            f"The daily question{when} was not posted in channel {channel.channel_id}: {why}.",
        )


class Claim(NamedTuple):
    """A claimed row and what to send in it."""

    row_id: int
    reply: Reply | None  # None: it cannot be built (the claim is left for the next sweep)
    mine: bool = True  # claimed just now; else an unfinished claim, taken over if its lease ran out
    closes_at: datetime | None = None  # a question post's reveal time


class Delivery:
    def __init__(
        self,
        daily_store: DailyStore,
        outbox: Outbox,
        faults: Faults,
        *,
        clock: Clock,
        owner: str,
        parallel: int | None = None,
    ) -> None:
        self.daily_store = daily_store
        self.outbox = outbox
        self.faults = faults
        self.clock = clock
        self.owner = owner
        # Database writes of many channels at once take turns; the platform calls between them
        # do not hold a turn, so a slow channel delays no other. SQLite has one writer: more
        # than one turn there only makes writers wait on its lock (busy_timeout sleeps).
        if parallel is None:
            parallel = 1 if daily_store.engine.dialect.name == "sqlite" else 10
        self.gate = asyncio.Semaphore(parallel)

    async def send_once(
        self, kind: ClaimKind, channel: Channel, claim: Callable[[], Awaitable[Claim | None]]
    ) -> Claim | None:
        """Claim (or take over an unfinished claim), look for an earlier send, post, then
        record the message id. The claim sent, or None when not finished now."""
        await self.outbox.wait_turn(channel.platform)  # before claiming: a lease never
        async with self.gate:  # runs out while waiting to send
            claimed = await claim()
            taken = None if claimed is None else await self._take(kind, claimed)
        if claimed is None or claimed.reply is None or taken is None:
            return None
        row_id = claimed.row_id
        try:
            if kind == POST:
                found = await self._look_for(channel, row_id, taken.send_started_at)
                if found is not None:
                    log.info(
                        "post %s was already in %s:%s; recorded, not sent again",
                        row_id,
                        channel.platform,
                        channel.channel_id,
                    )
                    async with self.gate:
                        await self.daily_store.finish(kind, row_id, found)
                    return claimed
                async with self.gate:
                    await self.daily_store.mark_send_started(row_id, self.clock.now(), LEASE)
            message_id = await self.outbox.post(channel, claimed.reply)
        except PostRefused as refusal:
            if kind == POST:
                self.outbox.metrics.daily_post("failed", "refused")
            if kind != POST:
                await self.daily_store.release(kind, row_id, self.owner)
            await self.faults.refused(kind, channel, row_id, refusal)
            return None
        except PublishFailed as error:
            log.error(
                "could not post to %s:%s (%s); the next sweep looks for it and finishes it",
                channel.platform,
                channel.channel_id,
                error,
            )
            await self.daily_store.release(kind, row_id, self.owner)
            if kind == POST:
                self.outbox.metrics.daily_post("failed", "platform_error")
            return None
        async with self.gate:
            await self.daily_store.finish(kind, row_id, message_id)
        if kind == POST:
            self.outbox.metrics.daily_post("sent", "")
        return claimed

    async def _take(self, kind: ClaimKind, claimed: Claim) -> Takeover | None:
        """The claim, ours to send; None when it is not (or has nothing to send)."""
        if claimed.reply is None:
            if claimed.mine:
                await self.daily_store.release(kind, claimed.row_id, self.owner)
            return None
        if claimed.mine:
            return Takeover(send_started_at=None)  # just claimed: never sent
        return await self.daily_store.take_over(
            kind, claimed.row_id, owner=self.owner, now=self.clock.now(), lease=LEASE
        )

    async def _look_for(self, channel: Channel, post_id: int, send_started_at: datetime | None) -> str | None:
        if send_started_at is None:
            return None  # never sent: nothing to look for
        try:
            return await self.outbox.find(channel, post_id, send_started_at - LOOK_BACK)
        except CannotLookUp:
            log.warning(
                "post %s may already be in %s:%s, but its platform cannot look; sending it again",
                post_id,
                channel.platform,
                channel.channel_id,
            )
            return None
