"""The console adapter: one local channel in a terminal, driven by typed or piped `/prep` lines."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import stat
import sys
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from adapters.console.output import ConsoleOutput, TerminalOutput
from adapters.export_files import export_files
from adapters.progress_card import progress_png
from bot.dispatch import Dispatcher
from bot.export import Export
from bot.models import Channel, Member
from bot.notices import reply_or_notice
from bot.privacy import DataExport
from bot.replies import Notice, Reply, Stats, Tone

log = logging.getLogger("prepbot.console")

PLATFORM = "console"
COMMUNITY = "local"
CHANNEL = Channel(platform=PLATFORM, community_id=COMMUNITY, channel_id="console")
HISTORY_NAME = "console-history"
DATA = Path("data")


def console_member(name: str) -> Member:
    return Member(platform=PLATFORM, community_id=COMMUNITY, user_id=name[:64], display_name=name[:100])


def history_file(database_url: str) -> Path:
    """The prompt history lives beside the SQLite database (in ./data for other databases)."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return DATA / HISTORY_NAME
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database)).parent / HISTORY_NAME
    return DATA / HISTORY_NAME


def safe_file_part(name: str) -> str:
    """A user name as part of a file name: letters, digits, '-' and '_' only."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64] or "member"


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _write_private(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
        file.write(content)
    path.chmod(0o600)


def has_console_input(stream: TextIO) -> bool:
    """A terminal, a pipe or a file to read commands from: not /dev/null (a container started
    without a terminal) and not a closed descriptor."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stream.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def is_terminal(stream: TextIO, out: TextIO) -> bool:
    return stream.isatty() and out.isatty()


def console_output(stream: TextIO, out: TextIO) -> ConsoleOutput:
    return TerminalOutput(out) if is_terminal(stream, out) else ConsoleOutput(out)


class ConsoleSession:
    def __init__(
        self,
        dispatcher: Dispatcher,
        member: Member,
        out: TextIO | ConsoleOutput,
        images: Path | None = None,
        files: Path = DATA,
    ) -> None:
        self.dispatcher = dispatcher
        self.member = member
        self.output = out if isinstance(out, ConsoleOutput) else ConsoleOutput(out)
        self.images = images  # where progress cards go; None: no cards
        self.files = files  # where exports go

    async def reply_to(self, line: str) -> Reply:
        # Whoever runs the console owns the database, so console users are admins.
        return await reply_or_notice(
            self.dispatcher.handle_text(self.member, CHANNEL, line, is_admin=True), f"command {line[:200]!r}"
        )

    def show(self, reply: Reply) -> None:
        self.output.reply(reply)

    async def answer(self, line: str) -> None:
        """Show the reply to a line; write the files of an export or the progress card and say where."""
        reply = await self.reply_to(line)
        if isinstance(reply, DataExport):
            path = self.files / reply.filename
            await asyncio.to_thread(_write_private, path, reply.content)
            reply = Notice(f"{reply.text}\nWritten to {path} (readable only by you).", reply.tone)
        self.show(reply)
        if isinstance(reply, Export):
            await self.write_export(reply)
        if self.images is None or not isinstance(reply, Stats):
            return
        card = await progress_png(reply)
        if card is not None:
            path = self.images / f"progress-{safe_file_part(self.member.user_id)}.png"
            await asyncio.to_thread(_write, path, card)
            self.show(Notice(f"Progress card: {path}"))

    async def write_export(self, export: Export) -> None:
        member = safe_file_part(self.member.user_id)
        paths = []
        try:
            for made in await export_files(export.rows):
                stem, _, suffix = made.filename.rpartition(".")
                path = self.files / f"{stem}-{member}.{suffix}"
                await asyncio.to_thread(_write, path, made.content)
                paths.append(f"  {path}")
        except OSError as error:
            self.show(Notice(f"The export could not be written: {error.strerror or error}.", Tone.ERROR))
            return
        self.show(Notice("Written:\n" + "\n".join(paths)))

    async def run(self, stream: TextIO, interactive: bool) -> None:
        """Line by line from a stream: piped input, or a terminal without line editing."""
        out = self.output.stream
        if interactive:
            self.show(
                Notice(
                    f"prepbot console — you are '{self.member.name}'. Type /prep help, or Ctrl-D to leave."
                )
            )
        loop = asyncio.get_running_loop()
        while True:
            if interactive:
                out.write("prep> ")
                out.flush()
            line = await loop.run_in_executor(None, stream.readline)
            if not line:
                break
            if not line.strip():
                continue
            if not interactive:
                out.write(f"> {line.rstrip()}\n")
            await self.answer(line)


async def run_console(
    dispatcher: Dispatcher,
    user: str,
    stream: TextIO | None = None,
    out: TextIO | ConsoleOutput | None = None,
    *,
    history: Path | None = None,
    stop: asyncio.Event | None = None,
    images: Path | None = None,
    files: Path = DATA,
) -> None:
    """A console session: the line editor when both ends are a terminal, else line by line."""
    source = stream or sys.stdin
    output = out if isinstance(out, ConsoleOutput) else console_output(source, out or sys.stdout)
    session = ConsoleSession(dispatcher, console_member(user), output, images, files)
    if isinstance(output, TerminalOutput):
        from adapters.console.terminal import TerminalConsole

        await TerminalConsole(session, output, history).run(stop)
    else:
        await session.run(source, interactive=source.isatty())
