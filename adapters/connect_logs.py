"""Connection failures as operators want them: one line per attempt naming the error and when the
next attempt is, with the full traceback only when PREPBOT_LOG_LEVEL is DEBUG.

discord.py and slack_sdk retry by themselves and log each failed attempt with its traceback; a
filter on their logger rewrites those records rather than adding a retry loop of our own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def error_summary(error: BaseException | None) -> str:
    if error is None:
        return "unknown error"
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__


def retry_line(platform: str, error: BaseException | None, seconds: float) -> str:
    at = datetime.now(UTC) + timedelta(seconds=seconds)
    return (
        f"{platform}: cannot connect ({error_summary(error)}); next attempt in {seconds:.0f} s, "
        f"at {at:%H:%M:%S}Z"
    )


class RetryLines(logging.Filter):
    """Rewrites a library's "failed, retrying" records, matched by `pattern`, into `retry_line`;
    `delay` reads the seconds until the next attempt from the match."""

    def __init__(self, platform: str, pattern: str, delay: Callable[[re.Match[str]], float]) -> None:
        super().__init__()
        self.platform = platform
        self.pattern = re.compile(pattern)
        self.delay = delay

    def filter(self, record: logging.LogRecord) -> bool:
        found = self.pattern.search(record.getMessage())
        if found is None or record.exc_info is None:
            return True
        record.msg = retry_line(self.platform, record.exc_info[1], self.delay(found))
        record.args = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        if not logging.getLogger().isEnabledFor(logging.DEBUG):
            record.exc_info = None
            record.exc_text = None
        return True

    def attach(self, logger: logging.Logger) -> None:
        if not any(isinstance(f, RetryLines) and f.platform == self.platform for f in logger.filters):
            logger.addFilter(self)
