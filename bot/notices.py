"""Errors become notices here, for every adapter: one mapping, one wording."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from bot.errors import AlreadyAnswered, PrepError
from bot.replies import Notice, Reply, Tone

log = logging.getLogger("prepbot.errors")

APOLOGY = "Sorry, something went wrong on our side. It was logged; please try again in a moment."


def notice_for(error: Exception) -> Notice:
    """What a member is told about a failed command or answer."""
    if isinstance(error, AlreadyAnswered):
        return Notice(error.message, Tone.INFO)
    if isinstance(error, PrepError):
        return Notice(error.message, Tone.ERROR)
    return Notice(APOLOGY, Tone.ERROR)


async def reply_or_notice(work: Awaitable[Reply], what: str) -> Reply:
    """The reply, or the notice for its error; unexpected errors are logged with `what` first."""
    try:
        return await work
    except Exception as error:
        if not isinstance(error, PrepError):
            log.exception("%s failed", what)
        return notice_for(error)
