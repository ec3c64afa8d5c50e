"""Ack first, work after: each listener acknowledges Slack at once and its work runs in a task.

Bolt runs listeners inline (`process_before_response=True`), so the HTTP response goes out as
soon as `ack` was called, without Bolt's 10 ms polling for the ack and without the deep copy of
the request that Bolt's own lazy listeners make. The tasks are kept, so none is collected while
running and shutdown can wait for the replies still on their way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("prepbot.slack")

Work = Callable[[dict[str, Any], dict[str, Any], AsyncWebClient], Awaitable[None]]


class Deferred:
    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[None]] = set()

    def listener(self, work: Work) -> Callable[..., Awaitable[None]]:
        """A Bolt listener that acknowledges at once; `work` runs after."""

        async def ack_then_work(
            ack: AsyncAck, body: dict[str, Any], payload: dict[str, Any], client: AsyncWebClient
        ) -> None:
            await ack()
            self.spawn(work(body, payload, client))

        return ack_then_work

    def spawn(self, work: Awaitable[None]) -> None:
        """Run `work` after the ack, kept until done (shutdown waits for it)."""
        task = asyncio.create_task(_logged(work))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def finish(self, timeout: float) -> None:
        """Wait (bounded) for the work already acknowledged."""
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=timeout)


async def _logged(work: Awaitable[None]) -> None:
    try:
        await work
    except Exception:
        log.exception("slack listener failed after its ack")
