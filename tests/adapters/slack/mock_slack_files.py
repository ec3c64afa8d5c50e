"""The mock Slack's direct messages and file uploads, as strict as Slack documents them.

- conversations.open opens (or finds) the DM with one user:
  https://api.slack.com/methods/conversations.open
- files_upload_v2 is three steps: files.getUploadURLExternal (filename and length in bytes
  required; https://api.slack.com/methods/files.getUploadURLExternal), a POST of the bytes to the
  upload_url, then files.completeUploadExternal with the file ids and titles and the channel to
  share into (https://api.slack.com/methods/files.completeUploadExternal). A file never uploaded,
  or whose bytes differ from the declared length, is refused; files are never ephemeral: what is
  shared in a channel every member there sees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web


@dataclass
class UploadedFile:
    file_id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str = ""
    channel: str = ""  # where it was shared; "" while private to the bot


class FileUploads:
    """Mixed into MockSlack: it supplies `users`, `url` and `_next_id`."""

    users: dict[str, dict[str, Any]]
    url: str

    def _init_files(self) -> None:
        self.direct_channels: dict[str, str] = {}  # user id -> DM channel id
        self.files: dict[str, UploadedFile] = {}

    def _next_id(self) -> int:
        raise NotImplementedError

    def shared_files(self, channel: str) -> list[UploadedFile]:
        return [f for f in self.files.values() if f.channel == channel]

    def _file_answer(self, method: str, body: dict[str, Any]) -> dict[str, Any] | None:
        if method == "conversations.open":
            users = [u for u in str(body.get("users", "")).split(",") if u]
            if len(users) != 1:
                return {"ok": False, "error": "invalid_arguments" if users else "users_list_not_supplied"}
            if users[0] not in self.users:
                return {"ok": False, "error": "user_not_found"}
            channel = self.direct_channels.setdefault(users[0], f"D{self._next_id():08d}")
            return {"ok": True, "channel": {"id": channel}}
        if method == "files.getUploadURLExternal":
            filename, length = str(body.get("filename") or ""), str(body.get("length") or "")
            if not filename or not length.isdigit() or int(length) < 1:
                return {"ok": False, "error": "invalid_arguments"}
            file_id = f"F{self._next_id():08d}"
            self.files[file_id] = UploadedFile(file_id, filename, int(length))
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return self._complete(body)
        return None

    def _complete(self, body: dict[str, Any]) -> dict[str, Any]:
        raw = body.get("files")
        listed = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(listed, list) or not listed:
            return {"ok": False, "error": "invalid_arguments"}
        chosen = [self.files.get(str(item.get("id"))) for item in listed]
        if any(f is None or f.content is None for f in chosen):
            return {"ok": False, "error": "file_not_found"}
        channel = str(body.get("channel_id") or "")
        if channel.startswith("D") and channel not in self.direct_channels.values():
            return {"ok": False, "error": "channel_not_found"}
        shown = []
        for item, uploaded in zip(listed, chosen, strict=True):
            assert uploaded is not None
            uploaded.title, uploaded.channel = str(item.get("title") or uploaded.filename), channel
            shown.append({"id": uploaded.file_id, "name": uploaded.filename, "title": uploaded.title})
        return {"ok": True, "files": shown}

    async def _upload(self, request: web.Request) -> web.Response:
        uploaded = self.files.get(request.match_info["file_id"])
        if uploaded is None:
            return web.Response(status=404, text="file_not_found")
        content = await request.read()
        if len(content) != uploaded.length:
            return web.Response(status=400, text="length_mismatch")
        uploaded.content = content
        return web.Response(text=f"OK - {len(content)}")
