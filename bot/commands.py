"""The `/prep` command grammar, shared by every text-based adapter."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from bot.errors import UsageError

PERIODS = ("week", "month", "all")
DIFFICULTIES = ("easy", "medium", "hard")
MEMBER_COMMANDS = (
    "help",
    "today",
    "quiz",
    "answer",
    "claim",
    "again",
    "skip",
    "review",
    "mock",
    "leaderboard",
    "stats",
    "topics",
    "export",
    "privacy",
)
ADMIN_COMMANDS = ("schedule", "post-now", "question", "config")
SCHEDULE_ACTIONS = ("set", "show", "pause", "resume", "off")
# Arguments longer than this are refused before shlex splits them (its time grows faster than the
# text). `answer` text is not split; the service checks its length against its own limit.
MAX_COMMAND_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...] = field(default=())
    text: str = ""

    @property
    def admin_only(self) -> bool:
        return self.name in ADMIN_COMMANDS


def strip_control(text: str) -> str:
    """Drop control and bidi-override characters; keep newlines, tabs, emoji and RTL letters."""
    return _CONTROL.sub("", text)


def parse(line: str) -> Command:
    """Parse `/prep <subcommand> ...` (the `/prep` prefix is optional)."""
    text = strip_control(line).strip()
    if text.lower().startswith("/prep"):
        text = text[len("/prep") :]
        if text and not text[0].isspace():
            raise UsageError(f"Unknown command {line.split()[0]!r}. Try /prep help.")
    text = text.strip()
    if not text:
        return Command("help")
    name, _, rest = text.partition(" ")
    name = name.lower()
    if name not in MEMBER_COMMANDS + ADMIN_COMMANDS:
        raise UsageError(f"Unknown command '{name[:40]}'. Try /prep help for the list.")
    if name == "answer":
        return Command(name, text=rest.strip())
    if len(rest) > MAX_COMMAND_CHARS:
        raise UsageError(
            f"That command is {len(rest):,} characters long; the limit is "
            f"{MAX_COMMAND_CHARS:,}. Shorten it and try again."
        )
    try:
        args = tuple(shlex.split(rest))
    except ValueError:
        args = tuple(rest.split())
    return Command(name, args, rest.strip())
