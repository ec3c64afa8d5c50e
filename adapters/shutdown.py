"""Graceful stop for `prepbot run`: signals, a dispatcher that can refuse new commands and wait for
the ones in flight, and console input that a signal can end like Ctrl-D."""

from __future__ import annotations

import asyncio
import codecs
import logging
import os
import queue
import signal
import threading
from typing import Any, TextIO

from bot.commands import Command
from bot.dispatch import Dispatcher
from bot.errors import PrepError
from bot.models import Channel, Member
from bot.replies import Reply

log = logging.getLogger("prepbot.run")

RESTARTING = "prepbot is restarting; please try again in a minute."


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGTERM (container stop) and SIGINT (Ctrl-C) ask the running loop to stop gracefully."""
    loop = asyncio.get_running_loop()

    def request(name: str) -> None:
        if not stop.is_set():
            log.info("%s received: stopping", name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, request, sig.name)


class GatedDispatcher(Dispatcher):
    """Counts the tasks running a command, so shutdown can close the gate and wait for them.

    Tracking the calling task (Bolt's listener task, discord.py's interaction task) rather than
    the call itself covers the reply the adapter sends after the core returns.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closed = False
        self._tasks: set[asyncio.Task[object]] = set()

    def _enter(self) -> None:
        if self.closed:
            raise PrepError(RESTARTING)
        task = asyncio.current_task()
        if task is not None and task not in self._tasks:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def run(self, member: Member, channel: Channel, command: Command, *, is_admin: bool) -> Reply:
        self._enter()
        return await super().run(member, channel, command, is_admin=is_admin)

    async def answer(
        self,
        member: Member,
        question_id: str,
        response: str,
        post_id: int | None = None,
        channel: Channel | None = None,
    ) -> Reply:
        self._enter()
        return await super().answer(member, question_id, response, post_id=post_id, channel=channel)

    @property
    def in_flight(self) -> int:
        return len(self._tasks - {asyncio.current_task()})

    async def drain(self, timeout: float) -> int:
        """Refuse new commands; wait up to `timeout` s for those running. Returns how many were
        still running at the timeout (left to the connections' own close)."""
        self.closed = True
        pending = self._tasks - {asyncio.current_task()}
        if not pending:
            return 0
        log.info("waiting for %d command(s) in flight", len(pending))
        _, unfinished = await asyncio.wait(pending, timeout=max(timeout, 0.0))
        return len(unfinished)


class StdinLines:
    """Console input read by a daemon thread from the raw descriptor, so that a signal can end
    the session (`close`) while a read is blocked; lines not yet run are dropped then."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lines: queue.Queue[str] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, name="stdin", daemon=True)
        self._thread.start()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def _pump(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        fd = self._stream.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            pending += decoder.decode(chunk, final=not chunk)
            *lines, pending = pending.split("\n")
            for line in lines:
                self._lines.put(line + "\n")
            if not chunk:
                if pending:
                    self._lines.put(pending)
                self._lines.put("")
                return

    def readline(self) -> str:
        line = self._lines.get()
        if line == "":
            self._lines.put("")  # every later read sees the end too
        return line

    def close(self) -> None:
        while True:
            try:
                self._lines.get_nowait()
            except queue.Empty:
                break
        self._lines.put("")
