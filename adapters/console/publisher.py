"""Posts the scheduler's channel messages (daily question, reveal, weekly board) to the console."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import TextIO

from adapters.console.output import ConsoleOutput
from bot.models import Channel
from bot.replies import Leaderboard, QuestionCard, Reply

PLATFORM = "console"


class ConsolePublisher:
    platform = PLATFORM

    def __init__(self, out: TextIO | ConsoleOutput) -> None:
        self.output = out if isinstance(out, ConsoleOutput) else ConsoleOutput(out)
        self._ids = itertools.count(1)
        self._daily_posts: dict[tuple[str, int], str] = {}

    async def post(self, channel: Channel, reply: Reply) -> str:
        message_id = str(next(self._ids))
        if isinstance(reply, QuestionCard):
            heading = f"#{channel.channel_id}: today's question"
        elif isinstance(reply, Leaderboard) and reply.week_start:
            heading = f"#{channel.channel_id}: last week's leaderboard (week of {reply.week_start})"
        else:
            heading = f"#{channel.channel_id}"
        self.output.channel_post(heading, reply)
        if isinstance(reply, QuestionCard) and reply.post_id is not None:
            self._daily_posts[(channel.channel_id, reply.post_id)] = message_id
        return message_id

    async def find_post(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        """A post printed by this process (a terminal keeps no history across runs)."""
        return self._daily_posts.get((channel.channel_id, post_id))

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        if isinstance(reply, QuestionCard):
            # Only the live count changed; one line instead of the whole card again.
            self.output.channel_note(f"#{channel.channel_id}: {reply.answered_count} answered so far")
            return
        self.output.channel_post(f"#{channel.channel_id}: the answer", reply)
