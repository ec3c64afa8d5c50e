"""Logging for operators: one `key=value` line per event, ids where known, secrets never.

A line reads
`ts=2026-11-21T09:00:00.123Z level=INFO component=prepbot.slack interaction=T1 channel=C1 msg="..."`.
Ids come from `log_ids(...)` (a context variable, so everything logged while an interaction is
handled carries them, core modules included) or from `extra={"post": 12}` on one call.
Redaction runs once per record, on its message and traceback: the configured secrets, tokens that
look like Slack's or Discord's, and passwords inside URLs. Every pattern does bounded work at each
place it can start, so redaction is linear in the length of the text; after redaction a message is
capped at MAX_MESSAGE and a traceback at MAX_TRACEBACK characters, so no line floods the log.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.log_context import ID_KEYS, current_ids, log_ids
from bot.settings import Settings

__all__ = ["configure_logging", "log_ids"]

MASK = "***"
HANDLER_NAME = "prepbot"

MAX_MESSAGE = 4000
MAX_TRACEBACK = 16_000
TOKEN_PATTERNS = (
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),  # Slack bot/user/legacy tokens
    re.compile(r"xapp-[A-Za-z0-9-]+"),  # Slack app-level tokens
    re.compile(r"[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,80}"),  # Discord bot tokens
)
# Anchored on the literal "://" (any scheme before it is left alone), user and password bounded.
URL_PASSWORD = re.compile(r"(?P<head>://[^:/@\s]{0,256}:)[^@\s]{1,256}@")
MIN_SECRET_LENGTH = 3  # shorter values would blank out ordinary words; URL passwords still go


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = sorted({s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
        self._values = re.compile("|".join(map(re.escape, values))) if values else None

    def __call__(self, text: str) -> str:
        if self._values is not None:
            text = self._values.sub(MASK, text)
        text = URL_PASSWORD.sub(lambda m: m.group("head") + MASK + "@", text)
        for pattern in TOKEN_PATTERNS:
            text = pattern.sub(MASK, text)
        return text


def configured_secrets(settings: Settings) -> list[str]:
    secrets = [
        value.get_secret_value()
        for value in (
            settings.discord_token,
            settings.slack_bot_token,
            settings.slack_app_token,
            settings.slack_signing_secret,
            settings.slack_client_secret,
        )
        if value is not None
    ]
    try:
        password = make_url(settings.database_url).password
    except ArgumentError:
        password = None
    if password:
        secrets.append(str(password))
    return secrets


def capped(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


REDACTED = "_prepbot_redacted"


class RedactingFilter(logging.Filter):
    """Rewrites each record's message and traceback once: secrets masked, length capped."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, REDACTED, False):
            return True
        record.msg = capped(self.redact(record.getMessage()), MAX_MESSAGE)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = capped(self.redact(record.exc_text), MAX_TRACEBACK)
        if record.stack_info:
            record.stack_info = capped(self.redact(record.stack_info), MAX_TRACEBACK)
        setattr(record, REDACTED, True)
        return True


def _value(text: str) -> str:
    return text if text and re.fullmatch(r"[\w.:/@+-]+", text) else json.dumps(text, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    def __init__(self, redact: Redactor | None = None) -> None:
        super().__init__()
        self.redact = redact or Redactor()

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        fields = [f"ts={stamp}Z", f"level={record.levelname}", f"component={record.name}"]
        ids = current_ids()
        for key in ID_KEYS:
            value = getattr(record, key, None) or ids.get(key)
            if value not in (None, ""):
                fields.append(f"{key}={_value(str(value))}")
        fields.append(f"msg={_value(record.getMessage())}")
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            fields.append(f"exc={json.dumps(record.exc_text, ensure_ascii=False)}")
        if record.stack_info:
            fields.append(f"stack={json.dumps(record.stack_info, ensure_ascii=False)}")
        line = " ".join(fields)
        return line if getattr(record, REDACTED, False) else self.redact(line)


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Send every record, one redacted line each, to stderr (or `stream`)."""
    redact = Redactor(configured_secrets(settings))
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter(redact))
    handler.setFormatter(KeyValueFormatter(redact))
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # slack_sdk logs each retry of a web call at INFO; the failures that matter come as warnings.
    for chatty in ("alembic", "apscheduler", "slack_sdk"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
    return handler
