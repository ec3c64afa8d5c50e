"""Sends posts through the platforms' publishers: paced within rate limits, retried with backoff."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.models import Channel
from bot.ports import Publisher
from bot.replies import Reply

log = logging.getLogger("prepbot.outbox")

Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


@dataclass(frozen=True)
class Pace:
    """At most `concurrency` calls in flight and `per_second` calls started per second."""

    concurrency: int = 8
    per_second: float | None = None


# Discord allows 50 requests/s per bot; Slack's chat.postMessage about 1/s per channel with
# workspace-wide limits, so a few per second keeps hundreds of channels clear of HTTP 429.
DEFAULT_PACES = {"discord": Pace(8, 40.0), "slack": Pace(4, 5.0), "console": Pace(1, None)}


class PublishFailed(Exception):
    """Every attempt to post or edit failed; the claim stays unfinished for a later attempt."""


class NoPublisher(PublishFailed):
    pass


class _Lane:
    """One platform's concurrency limit and start-time spacing."""

    def __init__(self, pace: Pace, sleep: Sleep, monotonic: Callable[[], float]) -> None:
        self.gate = asyncio.Semaphore(pace.concurrency)
        self.spacing = 1.0 / pace.per_second if pace.per_second else 0.0
        self.next_start = 0.0
        self.sleep = sleep
        self.monotonic = monotonic

    async def wait_turn(self) -> None:
        if not self.spacing:
            return
        now = self.monotonic()
        start = max(now, self.next_start)
        self.next_start = start + self.spacing
        if start > now:
            await self.sleep(start - now)


class Outbox:
    def __init__(self, *, paces: dict[str, Pace] | None = None, attempts: int = 4,
                 backoff: float = 1.0, timeout: float = 20.0, sleep: Sleep = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.publishers: dict[str, Publisher] = {}
        self.paces = {**DEFAULT_PACES, **(paces or {})}
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.monotonic = monotonic
        self._lanes: dict[str, _Lane] = {}

    def register(self, publisher: Publisher) -> None:
        self.publishers[publisher.platform] = publisher

    def serves(self, platform: str) -> bool:
        return platform in self.publishers

    def _lane(self, platform: str) -> _Lane:
        if platform not in self._lanes:
            pace = self.paces.get(platform, Pace())
            self._lanes[platform] = _Lane(pace, self.sleep, self.monotonic)
        return self._lanes[platform]

    async def post(self, channel: Channel, reply: Reply) -> str:
        publisher = self._publisher(channel)
        return await self._send(channel, "post", lambda: publisher.post(channel, reply))

    async def edit(self, channel: Channel, message_id: str, reply: Reply, *,
                   attempts: int | None = None) -> None:
        publisher = self._publisher(channel)
        await self._send(channel, "edit", lambda: publisher.edit(channel, message_id, reply),
                         attempts)

    def _publisher(self, channel: Channel) -> Publisher:
        publisher = self.publishers.get(channel.platform)
        if publisher is None:
            raise NoPublisher(f"no {channel.platform} publisher in this process")
        return publisher

    async def _send(self, channel: Channel, what: str, call: Callable[[], Awaitable[T]],
                       attempts: int | None = None) -> T:
        lane = self._lane(channel.platform)
        tries = attempts or self.attempts
        failure: Exception = PublishFailed("not attempted")
        for attempt in range(1, tries + 1):
            async with lane.gate:
                await lane.wait_turn()
                try:
                    return await asyncio.wait_for(call(), self.timeout)
                except asyncio.CancelledError:
                    raise
                except Exception as error:
                    failure = error
            delay = self.backoff * 2 ** (attempt - 1)
            retry_after = getattr(failure, "retry_after", None)
            if isinstance(retry_after, int | float) and retry_after > delay:
                delay = float(retry_after)
            log.warning("%s to %s:%s failed (attempt %d of %d): %s", what, channel.platform,
                        channel.channel_id, attempt, tries, type(failure).__name__ + f": {failure}")
            if attempt < tries:
                await self.sleep(delay)
        raise PublishFailed(f"{what} to {channel.platform}:{channel.channel_id} failed "
                            f"{tries} times") from failure
