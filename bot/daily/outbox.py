"""Sends posts through the platforms' publishers, paced within rate limits.

One retry layer and one pacing layer: the platform clients (discord.py, slack_sdk) retry their own
HTTP calls and honour Retry-After; this outbox makes one call per attempt, paced by one
`aiolimiter` bucket per platform. A call that fails is not retried here: its claim stays
unfinished and the next sweep tries again (after looking for it, when its outcome is unknown).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from aiolimiter import AsyncLimiter

from bot.models import Channel
from bot.ports import Metrics, NoMetrics, PostFinder, PostRefused, Publisher
from bot.replies import Reply

log = logging.getLogger("prepbot.outbox")

T = TypeVar("T")

# (calls, per seconds) started per platform. Discord allows 50 requests/s per bot; Slack's
# chat.postMessage about 1/s per channel with workspace-wide limits, so a few per second keeps
# hundreds of channels clear of HTTP 429. None: not paced.
DEFAULT_RATES: dict[str, tuple[float, float] | None] = {
    "discord": (40, 1.0),
    "slack": (4, 1.0),
    "console": None,
}
# Seconds a platform call may take when its publisher does not say how long its client waits.
DEFAULT_CLIENT_TIMEOUT = 30.0


class PublishFailed(Exception):
    """The call failed in a way worth retrying later; the claim stays unfinished.

    `unknown` is True when the platform may have accepted the post anyway (the call timed out or
    the connection dropped after sending): look for it before sending it again.
    """

    def __init__(self, message: str, *, unknown: bool = False) -> None:
        super().__init__(message)
        self.unknown = unknown


class NoPublisher(PublishFailed):
    pass


class CannotLookUp(Exception):
    """The platform's publisher cannot look for an earlier post."""


class Outbox:
    def __init__(
        self,
        *,
        rates: dict[str, tuple[float, float] | None] | None = None,
        margin: float = 30.0,
        metrics: Metrics | None = None,
    ) -> None:
        self.metrics = metrics or NoMetrics()  # the daily jobs' counters, reached through their outbox
        self.publishers: dict[str, Publisher] = {}
        self.rates = {**DEFAULT_RATES, **(rates or {})}
        self.margin = margin
        self._limiters: dict[str, AsyncLimiter | None] = {}

    def register(self, publisher: Publisher) -> None:
        self.publishers[publisher.platform] = publisher

    def serves(self, platform: str) -> bool:
        return platform in self.publishers

    def deadline(self, platform: str) -> float:
        """How long one call may take before its outcome counts as unknown: longer than the
        platform client's own timeout and one retry after it, so a slow but live request is
        never abandoned (and then sent again) while the client still waits for it."""
        own = getattr(self.publishers.get(platform), "timeout", None)
        seconds = float(own) if isinstance(own, int | float) else DEFAULT_CLIENT_TIMEOUT
        return 2 * seconds + self.margin

    def _limiter(self, platform: str) -> AsyncLimiter | None:
        if platform not in self._limiters:
            rate = self.rates.get(platform, (10, 1.0))
            self._limiters[platform] = AsyncLimiter(*rate) if rate else None
        return self._limiters[platform]

    async def wait_turn(self, platform: str) -> None:
        """Wait until the platform's pace allows the next post (callers wait before claiming)."""
        limiter = self._limiter(platform)
        if limiter is not None:
            await limiter.acquire()

    async def post(self, channel: Channel, reply: Reply) -> str:
        """Post now; the caller waited its turn (`wait_turn`)."""
        publisher = self._publisher(channel)
        return await self._send(channel, "post", lambda: publisher.post(channel, reply))

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        publisher = self._publisher(channel)
        await self.wait_turn(channel.platform)
        await self._send(channel, "edit", lambda: publisher.edit(channel, message_id, reply))

    async def find(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        """The message id of daily post `post_id` if it is in the channel, else None."""
        publisher = self._publisher(channel)
        if not isinstance(publisher, PostFinder):
            raise CannotLookUp(f"the {channel.platform} publisher cannot look for posts")
        finder: PostFinder = publisher
        return await self._send(channel, "look-up", lambda: finder.find_post(channel, post_id, since))

    def _publisher(self, channel: Channel) -> Publisher:
        publisher = self.publishers.get(channel.platform)
        if publisher is None:
            raise NoPublisher(f"no {channel.platform} publisher in this process")
        return publisher

    async def _send(self, channel: Channel, what: str, call: Callable[[], Awaitable[T]]) -> T:
        try:
            return await asyncio.wait_for(call(), self.deadline(channel.platform))
        except (asyncio.CancelledError, PostRefused):
            raise
        except TimeoutError as error:
            raise PublishFailed(
                f"{what} to {channel.platform}:{channel.channel_id} timed out", unknown=True
            ) from error
        except Exception as error:
            log.warning(
                "%s to %s:%s failed: %s: %s",
                what,
                channel.platform,
                channel.channel_id,
                type(error).__name__,
                error,
            )
            raise PublishFailed(
                f"{what} to {channel.platform}:{channel.channel_id} failed: {type(error).__name__}",
                unknown=True,
            ) from error
