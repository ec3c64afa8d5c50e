"""A local mock of the Slack Web API, response_url hooks and the Socket Mode websocket.

It records every call with its body, so tests can assert what a Slack user would have seen, and
it is as strict as Slack: messages and views are checked against the documented limits
(adapters/slack/limits.py, which cites the docs) and refused the way Slack refuses
them (`{"ok": false, "error": "invalid_blocks"}`; a response_url answers 400 and the error).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from adapters.slack import limits
from tests.adapters.slack.mock_slack_files import FileUploads
from tests.adapters.slack.mock_slack_oauth import SlackOAuth

TEAM_ID = "T0TEAM"
BOT_USER = "UBOT"
WAIT_SECONDS = 5.0


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None  # what Slack answered when it refused the call
    token: str = ""  # the bearer token the call carried


class MockSlack(FileUploads, SlackOAuth):
    def __init__(self) -> None:
        self._init_files()
        self._init_oauth()
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.user_groups: dict[str, dict[str, Any]] = {}  # id -> group, with its "users"
        self.failures: dict[str, list[web.Response]] = {}
        self.refused_channels: dict[str, str] = {}
        self.broken: dict[str, Callable[[], web.Response]] = {}
        self.expired_hooks = False
        self.invalid: list[Call] = []  # payloads that broke a documented limit
        self.messages: dict[tuple[str, str], frozenset[str]] = {}  # (channel, ts) -> block_ids
        self.delays: dict[str, list[float]] = {}  # seconds before answering (after accepting)
        self.history: dict[str, list[dict[str, Any]]] = {}  # channel -> messages, oldest first
        self.url = ""
        self.real_time_ts = False  # message timestamps from the real clock (for real processes)
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._socket: web.WebSocketResponse | None = None
        self._socket_open = asyncio.Event()
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}

    # --- server -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.add_routes(
            [
                web.route("*", "/api/{method}", self._api),
                web.post("/hooks/{hook}", self._hook),
                web.post("/upload/{file_id}", self._upload),
                web.get("/socket", self._websocket),
                web.get("/oauth/v2/authorize", self._authorize),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self) -> str:
        return f"{self.url}/hooks/{uuid.uuid4().hex[:12]}"

    def add_user(self, user_id: str, name: str, *, admin: bool = False, team: str = TEAM_ID) -> None:
        """A member; `team` other than ours is a Slack Connect user from another organisation."""
        self.users[user_id] = {
            "id": user_id,
            "name": name,
            "team_id": team,
            "is_admin": admin,
            "is_owner": False,
            "profile": {"display_name": name},
        }

    def add_user_group(self, group_id: str, handle: str, name: str, users: list[str]) -> None:
        self.user_groups[group_id] = {
            "id": group_id,
            "team_id": TEAM_ID,
            "handle": handle,
            "name": name,
            "users": users,
        }

    def _user_group_answer(self, method: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """https://api.slack.com/methods/usergroups.list lists groups without members unless
        include_users; https://api.slack.com/methods/usergroups.users.list answers
        no_such_subteam for an unknown id."""
        if method == "usergroups.list":
            listed = [{k: v for k, v in g.items() if k != "users"} for g in self.user_groups.values()]
            return {"ok": True, "usergroups": listed}
        if method == "usergroups.users.list":
            group = self.user_groups.get(str(body.get("usergroup")))
            return (
                {"ok": True, "users": group["users"]} if group else {"ok": False, "error": "no_such_subteam"}
            )
        return None

    def delay_next(self, method: str, seconds: float) -> None:
        """Accept the next `method` call, but answer only after `seconds` (a slow platform)."""
        self.delays.setdefault(method, []).append(seconds)

    def fail_next(self, method: str, status: int = 429, retry_after: int = 0) -> None:
        """The next call of `method` is rate limited (or answers another HTTP status)."""
        self.failures.setdefault(method, []).append(
            web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=status,
                headers={"Retry-After": str(retry_after)},
            )
        )

    def break_method(self, method: str, response: Callable[[], web.Response] | None) -> None:
        """Every call of `method` gets `response()` (an error, a non-JSON body...) until None."""
        if response is None:
            self.broken.pop(method, None)
        else:
            self.broken[method] = response

    def refuse_channel(self, channel: str, error: str) -> None:
        """Posts to `channel` fail with `error`, e.g. not_in_channel or is_archived."""
        self.refused_channels[channel] = error

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body |= await request.json()
        elif request.can_read_body:
            body |= dict(await request.post())
        authorization = request.headers.get("Authorization", "")
        token = authorization[7:] if authorization.startswith("Bearer ") else str(body.get("token", ""))
        call = Call(method, body, dict(request.headers), token=token)
        if method == "oauth.v2.access":
            answer = self._exchange(request, body)
            call.error = answer.get("error")
            await self._record(call)
            return web.json_response(answer)
        refused_token = self.token_problem(token)
        if refused_token is not None:
            call.error = refused_token
            await self._record(call)
            return web.json_response({"ok": False, "error": refused_token})
        if self.failures.get(method):
            await self._record(call)
            return self.failures[method].pop(0)
        if method in self.broken:
            await self._record(call)
            return self.broken[method]()
        problem = self._refusal(method, body)
        if problem is not None:
            call.error = f"{problem[0]}: {problem[1]}"
            if method.startswith("views.") or problem[1] not in self.refused_channels:
                self.invalid.append(call)
            await self._record(call)
            return web.json_response(
                {
                    "ok": False,
                    "error": problem[0],
                    "response_metadata": {"messages": [f"[ERROR] {problem[1]}"]},
                }
            )
        await self._record(call)
        answer = (self._auth_test(token) if method == "auth.test" else None) or self._answer(method, body)
        if self.delays.get(method):
            await asyncio.sleep(self.delays[method].pop(0))
        return web.json_response(answer)

    def _refusal(self, method: str, body: dict[str, Any]) -> tuple[str, str] | None:
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            channel = str(body.get("channel", ""))
            if channel in self.refused_channels:
                return self.refused_channels[channel], channel
            if isinstance(body.get("blocks"), str):
                body["blocks"] = json.loads(body["blocks"])
            previous = (
                self.messages.get((channel, str(body.get("ts"))), frozenset())
                if method == "chat.update"
                else frozenset()
            )
            return limits.message(body, previous)
        if method in ("views.open", "views.publish", "views.update"):
            view = body.get("view")
            return limits.view(json.loads(view) if isinstance(view, str) else view)
        return None

    def _next_id(self) -> int:
        return next(self._ts)

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        files = self._file_answer(method, body) or self._user_group_answer(method, body)
        if files is not None:
            return files
        if method == "auth.test":
            return {
                "ok": True,
                "team_id": TEAM_ID,
                "user_id": BOT_USER,
                "bot_id": "B0BOT",
                "team": "Study",
                "url": "https://study.slack.com/",
            }
        if method == "users.info":
            user = self.users.get(str(body.get("user")))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method in ("chat.postMessage", "chat.update"):
            second = int(time.time()) if self.real_time_ts else 1700000000
            ts = str(body.get("ts") or f"{second}.{next(self._ts):06d}")
            ids = frozenset(str(b["block_id"]) for b in body.get("blocks") or [] if "block_id" in b)
            self.messages[(str(body.get("channel")), ts)] = ids
            if method == "chat.postMessage":
                self._remember(str(body.get("channel")), ts, body)
            return {"ok": True, "channel": body.get("channel"), "ts": ts}
        if method == "conversations.history":
            return self._history(body)
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method in ("views.open", "views.publish"):
            return {"ok": True, "view": {"id": f"V{next(self._ts)}"}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.url.replace("http://", "ws://") + "/socket"}
        return {"ok": True}

    def _remember(self, channel: str, ts: str, body: dict[str, Any]) -> None:
        message: dict[str, Any] = {
            "type": "message",
            "ts": ts,
            "bot_id": "B0BOT",
            "user": BOT_USER,
            "text": body.get("text", ""),
        }
        metadata = body.get("metadata")
        if isinstance(metadata, str):  # form-encoded requests carry it as JSON text
            metadata = json.loads(metadata)
        if metadata:
            message["metadata"] = metadata
        self.history.setdefault(channel, []).append(message)

    def _history(self, body: dict[str, Any]) -> dict[str, Any]:
        """conversations.history: newest first, after `oldest`, at most `limit` (default 100,
        max 999), metadata only with include_all_metadata
        (https://api.slack.com/methods/conversations.history)."""
        channel = str(body.get("channel", ""))
        limit = int(body.get("limit") or 100)
        if not 1 <= limit <= 999:
            return {"ok": False, "error": "invalid_limit"}
        oldest = float(body.get("oldest") or 0)
        with_metadata = str(body.get("include_all_metadata", "")).lower() in ("true", "1")
        newer = [m for m in reversed(self.history.get(channel, [])) if float(m["ts"]) > oldest]
        shown = [
            m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in newer[:limit]
        ]
        return {
            "ok": True,
            "messages": shown,
            "has_more": len(newer) > limit,
            "response_metadata": {"next_cursor": ""},
        }

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.json()
        call = Call("response_url", body, {"hook": request.match_info["hook"]})
        if self.expired_hooks:
            call.error = "expired_url"
            await self._record(call)
            return web.Response(status=404, text="expired_url")
        problem = limits.message(body)
        await self._record(call)
        if problem is not None:
            call.error = f"{problem[0]}: {problem[1]}"
            self.invalid.append(call)
            return web.Response(status=400, text=problem[0])
        return web.Response(text="ok")

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await socket.send_json({"type": "hello", "num_connections": 1})
        self._socket_open.set()
        async for frame in socket:
            if frame.type == WSMsgType.TEXT:
                reply = json.loads(frame.data)
                future = self._acks.get(reply.get("envelope_id", ""))
                if future is not None and not future.done():
                    future.set_result(reply)
        return socket

    # --- what tests use -----------------------------------------------------------------
    def named(self, method: str) -> list[Call]:
        """The calls of `method` that Slack accepted."""
        return [call for call in self.calls if call.method == method and call.error is None]

    def calls_to(self, method: str) -> list[Call]:
        """Every call of `method`, accepted or not."""
        return [call for call in self.calls if call.method == method]

    def refused(self) -> list[Call]:
        return [call for call in self.calls if call.error is not None]

    async def wait_for(self, method: str, count: int = 1) -> list[Call]:
        """Wait (bounded) until `method` was called at least `count` times."""
        async with asyncio.timeout(WAIT_SECONDS), self._changed:
            await self._changed.wait_for(lambda: len(self.named(method)) >= count)
        return self.named(method)

    async def wait_while_coming(self, method: str, count: int) -> list[Call]:
        """Wait until `method` was called `count` times; fails when WAIT_SECONDS pass without
        a new call (a burst may take longer than that in all)."""
        while True:
            seen = len(self.named(method))
            try:
                return await self.wait_for(method, count)
            except TimeoutError:
                assert len(self.named(method)) > seen, f"{method}: {seen} of {count} calls arrived"

    async def send_envelope(
        self, kind: str, payload: dict[str, Any], retry_attempt: int = 0
    ) -> dict[str, Any]:
        """Push a Socket Mode envelope to the connected app and wait for its ack."""
        async with asyncio.timeout(WAIT_SECONDS):
            await self._socket_open.wait()
        assert self._socket is not None
        envelope_id = uuid.uuid4().hex
        self._acks[envelope_id] = asyncio.get_running_loop().create_future()
        await self._socket.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": retry_attempt,
                "retry_reason": "",
            }
        )
        async with asyncio.timeout(WAIT_SECONDS):
            return await self._acks[envelope_id]
