"""One entry point for every adapter: a member's command or answer in a channel becomes a Reply."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.commands import Command, parse
from bot.errors import NotAdmin, PrepError
from bot.models import Channel, Member
from bot.replies import AnswerFeedback, Notice, Reply, Tone
from bot.service import PracticeService

log = logging.getLogger("prepbot.dispatch")
CHANNEL_COMMANDS = ("today", "schedule", "post-now")


class ChannelCommands(Protocol):
    """Commands about a channel's daily question; provided by the scheduler."""

    async def handle(self, member: Member, channel: Channel, command: Command) -> Reply: ...

    async def answer_post(self, member: Member, post_id: int, response: str) -> AnswerFeedback:
        """Answer a channel's daily post (checks it is still open, updates its live count)."""
        ...


class Dispatcher:
    def __init__(self, service: PracticeService, daily: ChannelCommands | None = None) -> None:
        self.service = service
        self.daily = daily

    async def handle_text(self, member: Member, channel: Channel, text: str, *,
                          is_admin: bool) -> Reply:
        """Parse and run one `/prep ...` line; errors come back as private notices."""
        try:
            return await self.run(member, channel, parse(text), is_admin=is_admin)
        except PrepError as error:
            return Notice(error.message, Tone.ERROR)

    async def run(self, member: Member, channel: Channel, command: Command, *,
                  is_admin: bool) -> Reply:
        """Run a parsed command. Raises PrepError subclasses for the adapter to show."""
        if command.admin_only and not is_admin:
            raise NotAdmin(f"Only admins can use /prep {command.name}.")
        if command.name in CHANNEL_COMMANDS:
            if self.daily is None:
                raise PrepError("Daily questions are not available in this process.")
            return await self.daily.handle(member, channel, command)
        return await self.service.handle(member, command)

    async def answer(self, member: Member, question_id: str, response: str,
                     post_id: int | None = None) -> AnswerFeedback:
        """An answer from a button or modal. Raises PrepError subclasses."""
        if post_id is not None:
            if self.daily is None:
                raise PrepError("Daily questions are not available in this process.")
            return await self.daily.answer_post(member, post_id, response)
        return await self.service.answer_question(member, question_id, response)
