"""A small fake Discord on 127.0.0.1: the REST routes and gateway events prepbot's client uses.

It records every REST call so tests can assert on what the bot sent, and lets tests inject
gateway dispatches (INTERACTION_CREATE) as if a member had used a command or clicked a button.
Like Discord it refuses messages, interaction responses and modals beyond the documented limits
(see adapters/discord/limits.py) with HTTP 400, and answers for channels a test marked as refused.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from adapters.discord.limits import check_callback, check_message
from tests.adapters.discord.discord_uploads import Upload, check_uploads

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 900000000000000003
MENTORS_ROLE_ID = 900000000000000044  # a role of the fake guild, "Mentors"
CHANNEL_ID = 900000000000000004
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 31)  # view channel, send messages, use commands
# What the README's invite link grants: View Channels, Send Messages, Send Messages in Threads,
# Embed Links, Attach Files, Read Message History (test_discord_invite.py checks they agree).
BOT_PERMISSIONS = 274878024704
WAIT = 15.0  # seconds; generous, so a busy machine (the first progress card imports matplotlib) is no failure
ALICE_ID = 700000000000000001

Json = dict[str, Any]


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int = 200
    files: dict[str, Upload] = field(default_factory=dict)  # multipart field name -> file

    @property
    def data(self) -> Json:
        """The message part of an interaction callback, or the body itself."""
        if isinstance(self.body, dict) and "data" in self.body and "type" in self.body:
            return self.body["data"] or {}
        return self.body if isinstance(self.body, dict) else {}


@dataclass
class FakeUser:
    id: int
    username: str
    global_name: str | None = None
    nick: str | None = None
    permissions: int = MEMBER_PERMISSIONS
    roles: tuple[int, ...] = ()

    def user_payload(self) -> Json:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "public_flags": 0,
        }

    def member_payload(self, with_user: bool = True) -> Json:
        member: Json = {
            "nick": self.nick,
            "roles": [str(role) for role in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "avatar": None,
            "permissions": str(self.permissions),
        }
        if with_user:
            member["user"] = self.user_payload()
        return member


@dataclass
class FakeDiscord:
    host: str = "127.0.0.1"
    calls: list[Call] = field(default_factory=list)
    sockets: list[web.WebSocketResponse] = field(default_factory=list)
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    identifies: list[Json] = field(default_factory=list)  # each IDENTIFY's payload, in order
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1_000_000_000_000_000_000))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None
    port: int = 0
    sequence: int = 0
    channel_messages: dict[int, list[Json]] = field(default_factory=dict)  # oldest first
    rejected: list[tuple[Call, Json]] = field(default_factory=list)  # 400s, with their errors
    rate_limited: int = 0  # answer the next N REST requests with HTTP 429
    refusals: dict[int, tuple[int, int, str]] = field(default_factory=dict)  # channel -> error

    # -- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for socket in list(self.sockets):
            await socket.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/gateway"

    def next_id(self) -> str:
        return str(next(self._ids))

    # -- recording --------------------------------------------------------------------------------
    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def wait_for(self, match: Callable[[Call], bool], *, after: int = 0, timeout: float = WAIT) -> Call:
        """The first recorded call from index `after` on that `match`es, waiting if needed."""

        async def first() -> Call:
            async with self._changed:
                while True:
                    for call in self.calls[after:]:
                        if match(call):
                            return call
                    await self._changed.wait()

        return await asyncio.wait_for(first(), timeout)

    async def wait_for_all(self, match: Callable[[Call], bool], timeout: float = WAIT) -> list[Call]:
        """Every call that `match`es, once at least one has been recorded."""
        await self.wait_for(match, timeout=timeout)
        return self.find(match)

    def find(self, match: Callable[[Call], bool]) -> list[Call]:
        return [call for call in self.calls if match(call)]

    async def replies_to(self, token: str, count: int = 1, timeout: float = WAIT) -> list[Call]:
        """Calls answering the interaction with this token: callback, followups, edits."""

        async def enough() -> list[Call]:
            async with self._changed:
                while len(found := self.find(lambda c: token in c.path)) < count:
                    await self._changed.wait()
                return found

        return await asyncio.wait_for(enough(), timeout)

    # -- REST ---------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: dict[str, Upload] = {}
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
            elif request.content_type.startswith("multipart/"):
                form = await request.post()
                body = json.loads(str(form.get("payload_json", "{}")))
                files = {
                    name: Upload(part.filename, part.content_type, part.file.read())
                    for name, part in form.items()
                    if isinstance(part, web.FileField)
                }
        call = Call(request.method, path, dict(request.query), body, files=files)
        response = (
            self._rate_limit()
            or self._refuse_upload(call)
            or self._refuse(call)
            or self._respond(request.method, path, body, dict(request.query))
        )
        call.status = response.status
        await self._record(call)
        return response

    def _rate_limit(self) -> web.Response | None:
        """Discord's answer when a bucket is exhausted (retry after the seconds in the body):
        https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit"""
        if not self.rate_limited:
            return None
        self.rate_limited -= 1
        limited = _json({"message": "You are being rate limited.", "retry_after": 0.01, "global": False}, 429)
        limited.headers.update({"Retry-After": "1", "Via": "1.1 google", "X-RateLimit-Scope": "user"})
        return limited

    def refuse(self, channel_id: int, status: int, code: int, message: str) -> None:
        """Answer every later request about `channel_id` with this error, as Discord would."""
        self.refusals[channel_id] = (status, code, message)

    def _refuse_upload(self, call: Call) -> web.Response | None:
        errors = check_uploads(call.body if isinstance(call.body, dict) else {}, call.files)
        if errors is None:
            return None
        status, body = errors
        self.rejected.append((call, body))
        return _json(body, status=status)

    def _refuse(self, call: Call) -> web.Response | None:
        parts = call.path.strip("/").split("/")
        if parts[0] == "channels" and parts[1].isdigit() and int(parts[1]) in self.refusals:
            status, code, message = self.refusals[int(parts[1])]
            return _json({"message": message, "code": code}, status=status)
        if call.method not in ("POST", "PATCH") or not isinstance(call.body, dict):
            return None
        if parts[0] == "interactions":
            errors = check_callback(call.body)
        elif parts[0] == "webhooks" or (parts[0] == "channels" and parts[2:3] == ["messages"]):
            errors = check_message(call.body, creating=call.method == "POST")
        else:
            return None
        if not errors:
            return None
        self.rejected.append((call, errors))
        return _json({"code": 50035, "message": "Invalid Form Body", "errors": errors}, status=400)

    def _respond(
        self, method: str, path: str, body: Any, query: dict[str, str] | None = None
    ) -> web.Response:
        parts = path.strip("/").split("/")
        if path == "/users/@me":
            return _json(self.bot_user())
        if path == "/oauth2/applications/@me":
            return _json(self.application())
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            return _json(
                [
                    {**command, "id": self.next_id(), "application_id": str(APP_ID), "version": "1"}
                    for command in body
                ]
            )
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            return _json({"interaction": {"id": parts[1], "type": 2}, "resource": {"type": body["type"]}})
        if method == "DELETE" and parts[0] in ("webhooks", "channels"):
            return web.Response(status=204)
        if parts[0] == "webhooks" and method in ("POST", "PATCH"):
            return _json(self.message(CHANNEL_ID, body or {}, author=self.bot_user()))
        if parts[0] == "channels" and parts[2:] == ["messages"] and method == "GET":
            return self._list_messages(int(parts[1]), query or {})
        if parts[0] == "channels" and parts[2:3] == ["messages"] and method in ("POST", "PATCH"):
            message_id = parts[3] if len(parts) > 3 else None
            message = self.message(int(parts[1]), body or {}, message_id=message_id, author=self.bot_user())
            if method == "POST":
                sent = self._by_nonce(int(parts[1]), body or {})
                if sent is not None:
                    return _json(sent)
                self.channel_messages.setdefault(int(parts[1]), []).append(message)
            return _json(message)
        return _json({"message": "Unknown route", "code": 0}, status=404)

    def _by_nonce(self, channel_id: int, body: Json) -> Json | None:
        """With `enforce_nonce`, a message created with the same nonce a few minutes earlier is
        returned instead of a new one (https://discord.com/developers/docs/resources/message#create-message)."""
        nonce = body.get("nonce")
        if not nonce or not body.get("enforce_nonce"):
            return None
        return next((m for m in self.channel_messages.get(channel_id, []) if m.get("nonce") == nonce), None)

    def _list_messages(self, channel_id: int, query: dict[str, str]) -> web.Response:
        """Get Channel Messages: newest first, `limit` 1-100 (default 50)
        (https://discord.com/developers/docs/resources/message#get-channel-messages)."""
        limit = int(query.get("limit", "50"))
        if not 1 <= limit <= 100:
            return _json({"message": "Invalid Form Body", "code": 50035}, status=400)
        newest_first = list(reversed(self.channel_messages.get(channel_id, [])))
        if "before" in query:
            newest_first = [m for m in newest_first if int(m["id"]) < int(query["before"])]
        listed = [{k: v for k, v in m.items() if k != "nonce"} for m in newest_first[:limit]]
        return _json(listed)

    # -- gateway ------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                break
            message = json.loads(frame.data)
            if message["op"] == 1:
                await socket.send_str(json.dumps({"op": 11}))
            elif message["op"] == 2:
                self.identifies.append(message["d"])
                shard = {"shard": message["d"]["shard"]} if "shard" in message["d"] else {}
                await self._send(socket, "READY", {**self.ready(), **shard})
                await self._send(socket, "GUILD_CREATE", self.guild())
                self.identified.set()
        self.sockets.remove(socket)
        return socket

    async def _send(self, socket: web.WebSocketResponse, event: str, data: Json) -> None:
        self.sequence += 1
        await socket.send_str(json.dumps({"op": 0, "t": event, "s": self.sequence, "d": data}))

    async def dispatch(self, event: str, data: Json) -> None:
        assert self.sockets, "no client is connected to the fake gateway"
        await self._send(self.sockets[-1], event, data)

    # -- payloads -----------------------------------------------------------------------------
    def bot_user(self) -> Json:
        return {
            "id": str(BOT_ID),
            "username": "prepbot",
            "discriminator": "0",
            "avatar": None,
            "global_name": None,
            "bot": True,
            "verified": True,
            "mfa_enabled": False,
            "flags": 0,
            "public_flags": 0,
        }

    def application(self) -> Json:
        owner = FakeUser(1, "owner").user_payload()
        return {
            "id": str(APP_ID),
            "name": "prepbot",
            "icon": None,
            "description": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": owner,
            "flags": 0,
            "bot": self.bot_user(),
        }

    def ready(self) -> Json:
        return {
            "v": 10,
            "user": self.bot_user(),
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    def guild(self) -> Json:
        return {
            "id": str(GUILD_ID),
            "name": "Study group",
            "icon": None,
            "owner_id": "1",
            "roles": [
                {
                    "id": str(GUILD_ID),
                    "name": "@everyone",
                    "permissions": str(MEMBER_PERMISSIONS),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                },
                {
                    "id": str(MENTORS_ROLE_ID),
                    "name": "Mentors",
                    "permissions": "0",
                    "position": 1,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": True,
                    "flags": 0,
                },
            ],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 2,
            "large": False,
            "channels": [
                {
                    "id": str(CHANNEL_ID),
                    "type": 0,
                    "name": "ml-prep",
                    "position": 0,
                    "permission_overwrites": [],
                    "guild_id": str(GUILD_ID),
                }
            ],
            "members": [FakeUser(BOT_ID, "prepbot").member_payload()],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "unavailable": False,
            "premium_tier": 0,
            "verification_level": 0,
            "mfa_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "system_channel_flags": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
        }

    def message(
        self, channel_id: int, body: Json, *, message_id: str | None = None, author: Json | None = None
    ) -> Json:
        return {
            "id": message_id or self.next_id(),
            "channel_id": str(channel_id),
            "type": 0,
            "content": body.get("content") or "",
            "author": author or self.bot_user(),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2024-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": body.get("flags", 0),
            "guild_id": str(GUILD_ID),
            **({"nonce": body["nonce"]} if body.get("nonce") else {}),
        }

    def interaction(self, kind: int, user: FakeUser, data: Json, **extra: Any) -> Json:
        """An INTERACTION_CREATE payload in the guild's channel."""
        return {
            "id": self.next_id(),
            "application_id": str(APP_ID),
            "type": kind,
            "data": data,
            "guild_id": str(GUILD_ID),
            "guild": {"id": str(GUILD_ID), "features": [], "locale": "en-US"},
            "channel_id": str(CHANNEL_ID),
            "channel": {
                "id": str(CHANNEL_ID),
                "type": 0,
                "name": "ml-prep",
                "guild_id": str(GUILD_ID),
                "permission_overwrites": [],
                "position": 0,
            },
            "member": user.member_payload(),
            "token": f"token-{self.next_id()}",
            "version": 1,
            "app_permissions": str(BOT_PERMISSIONS),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
            **extra,
        }


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py parses JSON only when the content type is exactly this, without a charset.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )
