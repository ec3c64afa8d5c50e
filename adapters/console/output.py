"""Where the console's replies and channel posts go: plain text on a stream (piped sessions,
scripts, tests), or styled lines in a terminal, printed above the prompt while one is shown."""

from __future__ import annotations

import asyncio
from typing import TextIO

from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import get_app_or_none, run_in_terminal
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.formatted_text import FormattedText

from adapters.console.render import render
from adapters.console.styling import STYLE, fitted, styled_reply
from bot.replies import Reply


class ConsoleOutput:
    """Plain text, exactly as a script reading the console's output expects it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def reply(self, reply: Reply) -> None:
        self._write(render(reply) + "\n\n")

    def channel_post(self, heading: str, reply: Reply) -> None:
        self._write(f"--- {heading} ---\n{render(reply)}\n\n")

    def channel_note(self, text: str) -> None:
        self._write(f"({text})\n\n")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


class TerminalOutput(ConsoleOutput):
    """Colour and emphasis (NO_COLOR turns colour off), lines wrapped at the terminal's width,
    and output that arrives while the member types printed above the prompt, which is redrawn
    with what they had typed."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._printing: set[asyncio.Future[None]] = set()

    @property
    def width(self) -> int:
        # One column spare: a line that fills the last column makes some terminals wrap early.
        return max(get_app_session().output.get_size().columns - 1, 20)

    def reply(self, reply: Reply) -> None:
        self._print(styled_reply(reply, self.width))

    def channel_post(self, heading: str, reply: Reply) -> None:
        self._print(styled_reply(reply, self.width, heading))

    def channel_note(self, text: str) -> None:
        self._print(FormattedText([*fitted(f"({text})", self.width, "update"), ("", "\n")]))

    def text(self, text: str, style: str = "") -> None:
        self._print(FormattedText(fitted(text, self.width, style)))

    def _print(self, fragments: FormattedText) -> None:
        def show() -> None:
            print_formatted_text(fragments, style=STYLE, end="")

        app = get_app_or_none()
        if app is not None and app.is_running:
            printing = asyncio.ensure_future(run_in_terminal(show))
            self._printing.add(printing)
            printing.add_done_callback(self._printing.discard)
        else:
            show()

    async def settle(self) -> None:
        """Wait until everything sent while a prompt was shown has been printed."""
        while self._printing:
            await asyncio.gather(*self._printing)
