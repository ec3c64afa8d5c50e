"""The console adapter: one local channel in a terminal, driven by typed or piped `/prep` lines."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TextIO

from adapters.console.render import render
from bot.dispatch import Dispatcher
from bot.models import Channel, Member
from bot.replies import Notice, Reply, Tone

log = logging.getLogger("prepbot.console")

PLATFORM = "console"
COMMUNITY = "local"
CHANNEL = Channel(platform=PLATFORM, community_id=COMMUNITY, channel_id="console")


def console_member(name: str) -> Member:
    return Member(platform=PLATFORM, community_id=COMMUNITY, user_id=name[:64],
                  display_name=name[:100])


class ConsoleSession:
    def __init__(self, dispatcher: Dispatcher, member: Member, out: TextIO) -> None:
        self.dispatcher = dispatcher
        self.member = member
        self.out = out

    async def reply_to(self, line: str) -> Reply:
        # Whoever runs the console owns the database, so console users are admins.
        try:
            return await self.dispatcher.handle_text(self.member, CHANNEL, line, is_admin=True)
        except Exception:
            log.exception("command failed: %r", line[:200])
            return Notice("Something went wrong on our side; the error was logged.", Tone.ERROR)

    def show(self, reply: Reply) -> None:
        self.out.write(render(reply) + "\n\n")
        self.out.flush()

    async def run(self, stream: TextIO, interactive: bool) -> None:
        if interactive:
            self.show(Notice(f"prepbot console — you are '{self.member.name}'. "
                             "Type /prep help, or Ctrl-D to leave."))
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                self.out.write("prep> ")
                self.out.flush()
            line = await loop.run_in_executor(None, stream.readline)
            if not line:
                break
            if not line.strip():
                continue
            if not interactive:
                self.out.write(f"> {line.rstrip()}\n")
            self.show(await self.reply_to(line))


async def run_console(dispatcher: Dispatcher, user: str, stream: TextIO | None = None,
                      out: TextIO | None = None) -> None:
    source = stream or sys.stdin
    session = ConsoleSession(dispatcher, console_member(user), out or sys.stdout)
    await session.run(source, interactive=source.isatty())
