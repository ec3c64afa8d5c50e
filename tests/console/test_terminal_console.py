"""The console in a real pseudo-terminal, as a member types: history, Ctrl-C, the multi-line
answer editor, colour and wrapping at the terminal's width."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from tests.console.test_console_cli import PREPBOT

PROMPT = "prep>"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7])m")
ANSWER_LINES = (
    "Overfitting means the model memorises noise instead of the signal, so it does not generalise.",
    "To reduce it, apply L2 regularisation to the weights,",
    "and use early stopping when validation loss rises.",
)
LEAKAGE_PROMPT = "Validation accuracy is 99.8% on the first try. What do you check first?"


def environment(env: dict[str, str], **extra: str) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PREPBOT_", "DISCORD_", "SLACK_")) and k != "NO_COLOR"
    }
    # A real terminal answers prompt_toolkit's cursor-position requests; pexpect does not.
    return clean | {"TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"} | env | extra


class Terminal:
    """`prepbot console` in a pseudo-terminal of the given size."""

    def __init__(self, env: dict[str, str], columns: int = 80, **extra: str) -> None:
        self.child = pexpect.spawn(
            PREPBOT,
            ["console", "--user", "ada"],
            env=environment(env, **extra),
            dimensions=(40, columns),
            encoding="utf-8",
            timeout=30,
        )
        self.expect("prepbot console")
        self.expect(PROMPT)

    def expect(self, pattern: str) -> str:
        self.child.expect_exact(pattern)
        return str(self.child.before) + str(self.child.after)

    def command(self, line: str, until: str) -> str:
        """Type a line and Enter; the screen output up to `until`, escape sequences removed."""
        self.child.send(line + "\r")
        return plain(self.expect(until))

    def leave(self) -> int:
        self.child.sendcontrol("d")
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus or 0)


def plain(screen: str) -> str:
    return ANSI.sub("", screen).replace("\r", "")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.child.terminate(force=True)


def attempts(env: dict[str, str]) -> list[tuple[object, ...]]:
    path = env["PREPBOT_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        return conn.execute("select question_id, response from attempts").fetchall()


def test_history_survives_the_session_and_lives_beside_the_database(
    env: dict[str, str], terminals: list[Terminal]
) -> None:
    first = Terminal(env)
    terminals.append(first)
    first.command("/prep topics", "unsupervised-learning")
    first.expect(PROMPT)
    assert first.leave() == 0
    history = Path(env["PREPBOT_DATABASE_URL"].removeprefix("sqlite:///")).parent / "console-history"
    assert "/prep topics" in history.read_text(encoding="utf-8")

    second = Terminal(env)
    terminals.append(second)
    second.child.send("\x1b[A")  # the Up arrow recalls the last session's line
    second.expect("/prep topics")
    screen = second.command("", "unsupervised-learning")
    assert "Topics (use the name in /prep quiz <topic>)" in screen
    assert "^[[A" not in screen


def test_ctrl_c_clears_the_line_and_ctrl_d_leaves(env: dict[str, str], terminals: list[Terminal]) -> None:
    terminal = Terminal(env)
    terminals.append(terminal)
    terminal.child.send("/prep dance")
    terminal.expect("dance")
    terminal.child.sendcontrol("c")
    screen = terminal.command("/prep stats", "Stats for ada")
    assert "Unknown command" not in screen
    terminal.expect(PROMPT)
    terminal.child.sendcontrol("c")  # on an empty line: a reminder of how to leave
    terminal.expect("Ctrl-D or /quit leaves the console")
    assert terminal.child.isalive()
    assert terminal.leave() == 0


def test_quit_leaves(env: dict[str, str], terminals: list[Terminal]) -> None:
    terminal = Terminal(env)
    terminals.append(terminal)
    terminal.child.send("/quit\r")
    terminal.child.expect(pexpect.EOF)
    terminal.child.close()
    assert terminal.child.exitstatus == 0


def test_a_multi_line_answer_is_graded_as_one_answer(env: dict[str, str], terminals: list[Terminal]) -> None:
    terminal = Terminal(env)
    terminals.append(terminal)
    terminal.command("/prep quiz fundamentals medium", "Answer with")
    terminal.expect(PROMPT)
    terminal.command("/prep answer", "answer>")
    for line in ANSWER_LINES:
        terminal.child.send(line + "\r")
    screen = terminal.command("", "Model answer:")  # a blank line sends it
    assert "Correct!" in screen
    assert "Unknown command" not in screen
    assert attempts(env) == [("explain-overfitting", "\n".join(ANSWER_LINES))]


def test_escape_enter_sends_and_ctrl_c_cancels_a_multi_line_answer(
    env: dict[str, str], terminals: list[Terminal]
) -> None:
    terminal = Terminal(env)
    terminals.append(terminal)
    terminal.command("/prep quiz unsupervised-learning easy", "Answer with")
    terminal.expect(PROMPT)
    terminal.command("/prep answer", "answer>")
    terminal.child.send("not this one")
    terminal.child.sendcontrol("c")
    terminal.expect("(no answer sent)")
    terminal.expect(PROMPT)
    terminal.command("/prep answer", "answer>")
    terminal.child.send("k-means")
    terminal.command("\x1b", "Correct!")  # Esc, then Enter
    terminal.expect(PROMPT)
    assert attempts(env) == [("kmeans-name", "k-means")]


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("columns", [60, 200])
def test_replies_wrap_at_the_terminal_width_between_words(
    columns: int, env: dict[str, str], terminals: list[Terminal]
) -> None:
    terminal = Terminal(env, columns=columns)
    terminals.append(terminal)
    terminal.command("/prep quiz data-preparation", "Answer with")
    screen = plain(terminal.expect(PROMPT))
    screen = terminal.command("/prep answer A", "Why:") + plain(terminal.expect(PROMPT))
    lines = [line for line in screen.split("\n") if line.strip() and PROMPT not in line]
    assert max(len(line) for line in lines) < columns
    why = screen[screen.index("Why:") :]
    why_lines = why.split("\n")
    explanation = "Why: Near-perfect scores on a first try usually mean a feature encodes the label."
    if columns == 200:
        assert why_lines[0] == explanation
    else:
        assert len(why_lines[0]) <= 59 and words(" ".join(why_lines[:2])) == words(explanation)


def test_colour_in_a_terminal_and_none_with_no_color(env: dict[str, str], terminals: list[Terminal]) -> None:
    coloured = Terminal(env)
    terminals.append(coloured)
    coloured.child.send("/prep dance\r")
    assert COLOUR.search(coloured.expect("Try /prep help"))
    monochrome = Terminal(env, NO_COLOR="1")
    terminals.append(monochrome)
    monochrome.child.send("/prep dance\r")
    assert not COLOUR.search(monochrome.expect("Try /prep help"))


def test_the_leakage_prompt_is_not_split_mid_word(env: dict[str, str], terminals: list[Terminal]) -> None:
    terminal = Terminal(env, columns=40)
    terminals.append(terminal)
    screen = terminal.command("/prep quiz data-preparation", "Answer with")
    body = screen[screen.index("Validation") : screen.index("A)")]
    assert words(body) == words(LEAKAGE_PROMPT)
    assert all(len(line) < 40 for line in body.split("\n"))
