"""A channel post that arrives while the member is typing prints above the prompt, and the line
being typed survives it: the console's own prompt_toolkit application, fed through a pipe."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path

from prompt_toolkit.application.current import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from adapters.console.app import CHANNEL, console_member, run_console
from adapters.console.output import TerminalOutput
from adapters.console.publisher import ConsolePublisher
from bot.bootstrap import App


async def until(condition: Callable[[], bool]) -> None:
    """Wait for what the member would see next (the test's own timeout bounds it)."""
    while not condition():
        await asyncio.sleep(0.01)


async def test_a_post_while_typing_prints_above_the_prompt_and_keeps_the_line(
    sqlite_app: App, tmp_path: Path
) -> None:
    screen = io.StringIO()
    terminal = Vt100_Output(screen, lambda: Size(rows=40, columns=100), term="xterm", enable_cpr=False)
    daily = sqlite_app.daily
    output = TerminalOutput(screen)
    daily.add_publisher(ConsolePublisher(output))
    with create_pipe_input() as keys, create_app_session(input=keys, output=terminal):
        console = asyncio.create_task(
            run_console(sqlite_app.dispatcher, "ada", out=output, history=tmp_path / "console-history")
        )
        await until(lambda: "prep>" in screen.getvalue())
        keys.send_text("/prep quiz fund")
        await until(lambda: "/prep quiz fund" in screen.getvalue())

        posted = await daily.post_now(console_member("ada"), CHANNEL)
        assert "Posted today's question" in str(posted)
        await until(lambda: "--- #console: today's question ---" in screen.getvalue())
        await until(lambda: "/prep quiz fund" in screen.getvalue().rsplit("today's question", 1)[1])
        after_post = screen.getvalue().split("--- #console: today's question ---", 1)[1]
        card, redrawn = after_post.split("prep>", 1)
        assert "0 answered so far." in card and "/prep quiz fund" not in card
        assert "/prep quiz fund" in redrawn

        keys.send_text("amentals easy\r")

        def after_the_post() -> str:
            return screen.getvalue().split("--- #console: today's question ---", 1)[1].split("prep>", 1)[1]

        await until(lambda: "Answer with /prep answer A/B/C/D" in after_the_post())
        assert "[ML fundamentals · easy · choice]" in after_the_post()
        keys.send_text("/quit\r")
        await asyncio.wait_for(console, 10)
