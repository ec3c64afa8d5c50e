"""The console in a terminal: line editing, history kept across sessions, Tab completion of the
`/prep` grammar, a multi-line editor for long answers, and live channel posts above the prompt."""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.patch_stdout import patch_stdout

from adapters.console.app import ConsoleSession
from adapters.console.completion import PrepCompleter, topic_names
from adapters.console.output import TerminalOutput
from adapters.console.styling import STYLE
from bot.replies import Notice

log = logging.getLogger("prepbot.console")

PROMPT = FormattedText([("class:prompt", "prep> ")])
ANSWER_PROMPT = FormattedText([("class:prompt", "answer> ")])
CONTINUATION = "      . "
QUIT = re.compile(r"^\s*(/prep\s+)?/?(quit|exit)\s*$", re.IGNORECASE)
BARE_ANSWER = re.compile(r"^\s*(/prep\s+)?answer\s*$", re.IGNORECASE)
GREETING = (
    "prepbot console — you are '{name}'. Type /prep help; Tab completes commands and "
    "topics; Up and Down recall earlier lines; /quit or Ctrl-D leaves."
)
EDITOR_HINT = (
    "Multi-line answer: press Enter for a new line; a blank line or Esc then Enter sends it; Ctrl-C cancels."
)
LEAVE_HINT = "(Ctrl-D or /quit leaves the console)"


def _history(path: Path | None) -> History:
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError as error:
        log.warning("console history not kept: cannot write %s (%s)", path, error.strerror)
        return InMemoryHistory()
    return FileHistory(str(path))


def _line_bindings(output: TerminalOutput) -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("c-c")
    def _clear_line(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.text:
            buffer.reset()
        else:
            output.text(LEAVE_HINT, "hint")

    return bindings


def _editor_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @Condition
    def on_blank_last_line() -> bool:
        document = get_app().current_buffer.document
        return document.is_cursor_at_the_end and not document.current_line.strip()

    @bindings.add("enter", filter=on_blank_last_line)
    def _send(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    return bindings


@contextmanager
def logs_above_prompt() -> Iterator[None]:
    """Log lines go through the patched stderr, so they too print above the prompt."""
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and h.stream is sys.__stderr__
    ]
    for handler in handlers:
        handler.setStream(sys.stderr)
    try:
        yield
    finally:
        for handler in handlers:
            handler.setStream(sys.__stderr__)


class TerminalConsole:
    def __init__(self, session: ConsoleSession, output: TerminalOutput, history: Path | None) -> None:
        self.session = session
        self.output = output
        topics = topic_names(session.dispatcher.topics())
        self.prompt = PromptSession[str](
            history=_history(history),
            completer=PrepCompleter(topics),
            complete_while_typing=False,
            style=STYLE,
        )
        self.line_keys = _line_bindings(output)
        self.editor_keys = _editor_bindings()

    async def run(self, stop: asyncio.Event | None = None) -> None:
        ender = asyncio.create_task(self._end_on(stop)) if stop is not None else None
        try:
            with patch_stdout(raw=True), logs_above_prompt():
                self.output.reply(Notice(GREETING.format(name=self.session.member.name)))
                while stop is None or not stop.is_set():
                    try:
                        # A session keeps each call's options: name them all every time.
                        line = await self.prompt.prompt_async(
                            PROMPT, multiline=False, key_bindings=self.line_keys, prompt_continuation=None
                        )
                    except KeyboardInterrupt:
                        continue
                    except EOFError:
                        break
                    if QUIT.match(line):
                        break
                    if BARE_ANSWER.match(line):
                        text = await self._multiline_answer()
                        if text is None:
                            continue
                        line = f"/prep answer {text}"
                    elif not line.strip():
                        continue
                    await self.session.answer(line)
                    await self.output.settle()
        finally:
            if ender is not None:
                ender.cancel()
                with suppress(asyncio.CancelledError):
                    await ender

    async def _multiline_answer(self) -> str | None:
        """The answer typed over several lines, or None when cancelled or left empty."""
        self.output.text(EDITOR_HINT, "hint")
        try:
            text = await self.prompt.prompt_async(
                ANSWER_PROMPT, multiline=True, prompt_continuation=CONTINUATION, key_bindings=self.editor_keys
            )
        except (KeyboardInterrupt, EOFError):
            text = ""
        text = text.strip()
        if not text:
            self.output.text("(no answer sent)", "hint")
            return None
        return text

    async def _end_on(self, stop: asyncio.Event) -> None:
        """A signal ends the session like Ctrl-D, even while the prompt waits for a key."""
        await stop.wait()
        app = self.prompt.app
        if app.is_running:
            app.exit(exception=EOFError())
