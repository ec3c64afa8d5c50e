"""Discord's rules for files sent with a message, as the fake Discord enforces them.

https://discord.com/developers/docs/reference#uploading-files : files go as multipart/form-data
parts named `files[n]` beside a `payload_json` part whose `attachments` array lists each file by
`id` n; the default upload limit is 10 MiB per file, at most 10 files per message
(https://discord.com/developers/docs/resources/message#create-message-jsonform-params).
An embed shows an uploaded image through `attachment://<filename>`
(https://discord.com/developers/docs/resources/message#embed-object-embed-image-structure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

UPLOAD_LIMIT = 10 * 1024 * 1024
FILES_PER_MESSAGE = 10
_FILE_FIELD = re.compile(r"files\[(\d+)\]")


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    content: bytes


def _form_error(message: str) -> tuple[int, dict[str, Any]]:
    return 400, {
        "code": 50035,
        "message": "Invalid Form Body",
        "errors": {"attachments": {"_errors": [{"code": "BASE_TYPE_INVALID", "message": message}]}},
    }


def check_uploads(body: dict[str, Any], files: dict[str, Upload]) -> tuple[int, dict[str, Any]] | None:
    """None when the files are acceptable, else the status and error body Discord answers with."""
    if not files:
        return None
    message = body.get("data", body) if "type" in body else body
    listed = {str(a.get("id")): a for a in message.get("attachments") or [] if isinstance(a, dict)}
    if len(files) > FILES_PER_MESSAGE:
        return _form_error(f"Must be {FILES_PER_MESSAGE} or fewer in length.")
    for name, upload in files.items():
        matched = _FILE_FIELD.fullmatch(name)
        if matched is None:
            return _form_error(f"Unknown form field {name!r}: files go in files[n].")
        if matched.group(1) not in listed:
            return _form_error(f"{name} has no entry in payload_json attachments.")
        if len(upload.content) > UPLOAD_LIMIT:
            return 413, {"code": 40005, "message": "Request entity too large"}
    return None


def embed_image_files(message: dict[str, Any]) -> list[str]:
    """The attachment filenames the message's embeds show as their image."""
    urls = [(e.get("image") or {}).get("url", "") for e in message.get("embeds") or []]
    return [url.removeprefix("attachment://") for url in urls if url.startswith("attachment://")]
