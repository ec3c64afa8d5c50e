"""One log line per Slack request, and its ids on every line logged while it is handled."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.logs import log_ids

log = logging.getLogger("prepbot.slack")


def request_ids(body: dict[str, Any]) -> dict[str, object]:
    """Interaction (trigger or event id) and channel, wherever this kind of payload keeps them."""
    channel = (
        body.get("channel_id")
        or (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
        or (body.get("event") or {}).get("channel")
    )
    return {"interaction": body.get("trigger_id") or body.get("event_id"), "channel": channel}


class LogRequest(AsyncMiddleware):
    """Listeners run in tasks created inside this middleware, so they inherit the ids."""

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        body = req.body
        with log_ids(**request_ids(body)):
            kind = body.get("command") or (body.get("event") or {}).get("type") or body.get("type")
            log.info("slack %s from team %s", kind, (body.get("team") or {}).get("id") or body.get("team_id"))
            return await next()
