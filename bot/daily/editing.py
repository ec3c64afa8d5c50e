"""Edits of a daily post after it went out: the live answer count, then the reveal."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from bot.bank import QuestionBank
from bot.daily.outbox import Outbox, PublishFailed
from bot.daily.views import public_card, reveal_for
from bot.models import Channel, Community
from bot.ports import Clock, PostRefused
from bot.storage.daily_rows import PostRow
from bot.storage.daily_store import DailyStore

log = logging.getLogger("prepbot.daily")


def channel_of(post: PostRow) -> Channel:
    community = Community.parse(post.community)
    return Channel(
        platform=community.platform, community_id=community.community_id, channel_id=post.channel_id
    )


class PostEditor:
    """Serialises edits per post, so a late count update never overwrites the reveal."""

    def __init__(
        self, bank: QuestionBank, daily_store: DailyStore, outbox: Outbox, *, clock: Clock, catchup: timedelta
    ) -> None:
        self.bank = bank
        self.daily_store = daily_store
        self.outbox = outbox
        self.clock = clock
        self.catchup = catchup
        self._edit_locks: dict[int, asyncio.Lock] = {}
        self._counting: set[int] = set()
        self._recount: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def _lock(self, post_id: int) -> asyncio.Lock:
        return self._edit_locks.setdefault(post_id, asyncio.Lock())

    async def reveal(self, post_id: int) -> None:
        """Edit the post into its reveal once it has closed (idempotent: an edit, not a post)."""
        post = await self.daily_store.get_post(post_id)
        if post is None or post.message_id is None or post.revealed_at is not None or post.closes_at is None:
            return
        now = self.clock.now()
        if post.closes_at > now:
            return
        if now - post.closes_at > self.catchup:
            log.warning(
                "skipped the reveal of post %s: %s late, past the catch-up window",
                post_id,
                now - post.closes_at,
            )
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
                await self.outbox.edit(
                    channel_of(post),
                    post.message_id,
                    reveal_for(question, self.bank.topics, post_id, answers),
                )
            except PostRefused as refusal:
                log.error("the platform refused the reveal of post %s for good: %s", post_id, refusal.reason)
                await self.daily_store.mark_reveal_skipped(post_id)
                return
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
                    found = await self.daily_store.post_and_count(post_id)
                    if found is None:
                        return
                    post, count, timezone = found
                    if post.message_id is None or post.revealed_at is not None:
                        return
                    question = self.bank.get(post.question_id)
                    if question is None or not self.outbox.serves(post.platform):
                        return
                    card = public_card(
                        question, self.bank.topics, post_id, count, post.closes_at, timezone or "UTC"
                    )
                    await self.outbox.edit(channel_of(post), post.message_id, card)
                if post_id not in self._recount:
                    return
        except (PublishFailed, PostRefused) as error:
            log.warning("live count of post %s not updated: %s", post_id, error)
        except Exception:  # the database, say: the next answer's refresh tries again
            log.exception("live count of post %s not updated", post_id)
        finally:
            self._counting.discard(post_id)

    async def settle(self) -> None:
        """Wait for background count updates (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
