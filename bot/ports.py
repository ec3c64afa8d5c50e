"""What the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from bot.models import Channel
from bot.replies import Reply


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class PostRefused(Exception):
    """The platform refused a post or edit for good: retrying cannot help until a person acts.

    `reason` names what happened ("the bot was removed from the channel"); `fix` says what an
    admin can do about it ("/invite @prepbot in that channel"). Publishers raise it for errors
    such as a deleted or archived channel, missing access or permissions, or a revoked token;
    anything else they raise is taken as worth retrying.
    """

    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


class Publisher(Protocol):
    """Posts replies to channels on one platform and edits them later."""

    platform: str

    async def post(self, channel: Channel, reply: Reply) -> str:
        """Post `reply` publicly in `channel`; returns the platform's message id."""
        ...

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        """Replace the message `message_id` in `channel` with `reply`."""
        ...


class ChatModel(Protocol):
    """An OpenAI-compatible chat-completions endpoint that reviews open answers."""

    async def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant message's text for `messages`; raises on any transport error."""
        ...
