"""Once-only guards: Slack retries and double clicks must never record or post twice.

The Bolt middlewares here are classes: a function middleware has its arguments injected by Bolt
on every request, which cost more than the checks themselves."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger("prepbot.slack")


class SeenKeys:
    """A bounded memory of keys already handled (oldest forgotten first)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._keys: OrderedDict[Hashable, None] = OrderedDict()

    def claim(self, key: Hashable) -> bool:
        """True the first time `key` is claimed, False after (until forgotten)."""
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self.capacity:
            self._keys.popitem(last=False)
        return True

    def release(self, key: Hashable) -> None:
        self._keys.pop(key, None)


def delivery_id(body: dict[str, Any]) -> str | None:
    """What identifies one delivery across Slack's retries: the event id or the trigger id."""
    for name in ("event_id", "trigger_id"):
        value = body.get(name)
        if isinstance(value, str) and value:
            return f"{name}:{value}"
    return None


class RetryDeduper(AsyncMiddleware):
    """A delivery seen before is acknowledged without running any listener."""

    def __init__(self, seen: SeenKeys) -> None:
        self.seen = seen

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        key = delivery_id(req.body)
        if key is not None and not self.seen.claim(key):
            retry = req.headers.get("x-slack-retry-num", ["-"])[0]
            log.info("slack delivery %s seen before (retry %s): acknowledged, not re-run", key, retry)
            return BoltResponse(status=200, body="")
        return await next()


def team_of(body: dict[str, Any]) -> str | None:
    """The workspace a request is for: `team_id` (commands, events) or `team.id` (interactions)."""
    team = body.get("team")
    value = body.get("team_id") or (team.get("id") if isinstance(team, dict) else None)
    return str(value) if value else None


class InstalledTeamOnly(AsyncMiddleware):
    """A request for another workspace than the installed one is refused (403)."""

    def __init__(self, installed: Callable[[], str | None]) -> None:
        self.installed = installed

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        ours, theirs = self.installed(), team_of(req.body)
        if ours is not None and theirs is not None and theirs != ours:
            log.warning("slack request for team %s refused: installed in %s", theirs[:20], ours)
            return BoltResponse(status=403, body="")
        return await next()


async def ack_now(ack: AsyncAck) -> None:
    """The ack of a lazy listener: Slack hears at once, the listener runs after."""
    await ack()
