"""The `/prep` command grammar, shared by every text-based adapter."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from enum import StrEnum

from bot.errors import InvalidAnswer, UsageError


class Period(StrEnum):
    """Which points a leaderboard counts."""

    WEEK = "week"
    MONTH = "month"
    ALL = "all"


PERIODS = tuple(period.value for period in Period)
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class CommandSpec:
    """One line of the command table: its name, the short description platforms list (empty for a
    second line of the same command), its usage and summary in the help."""

    name: str
    brief: str
    usage: str
    summary: str
    admin_only: bool = False


# The one command table: it drives parsing, the help and the platforms' command descriptions.
COMMAND_TABLE = (
    CommandSpec(
        "help", "What the bot does and its commands", "/prep help", "what the bot does and its commands"
    ),
    CommandSpec("today", "This channel's daily question", "/prep today", "this channel's daily question"),
    CommandSpec(
        "quiz",
        "A private practice question, graded at once",
        "/prep quiz [topic|weak] [difficulty]",
        "a private practice question, graded at once (weak: from your weakest topic)",
    ),
    CommandSpec(
        "answer",
        "Type an answer to your open question",
        "/prep answer <text>",
        "answer your open question (a letter for multiple choice)",
    ),
    CommandSpec(
        "claim",
        "Say you covered a key point the grader missed",
        "/prep claim <number>",
        "say you covered a key point the grader missed in your "
        "last interview answer (kept beside the grade; points stay)",
    ),
    CommandSpec("again", "Show your open question again", "/prep again", "show your open question again"),
    CommandSpec(
        "skip",
        "Skip your open question; it comes back in review",
        "/prep skip",
        "skip your open question: no points, not wrong; it comes back in review",
    ),
    CommandSpec(
        "review",
        "Your questions due for review, one after another",
        "/prep review",
        "your questions due for review (spaced repetition), one after another",
    ),
    CommandSpec(
        "mock",
        "A timed mock interview ending in a report",
        "/prep mock [round] [minutes]",
        "a timed mock interview (breadth, llm, design, "
        "behavioral, stats, coding-data or mixed; 10-60 minutes, default 20) ending in a "
        "report; /prep mock stop abandons it",
    ),
    CommandSpec(
        "leaderboard",
        "Top 10 and your own rank",
        "/prep leaderboard [week|month|all] [topic]",
        "top 10 and your own rank",
    ),
    CommandSpec(
        "stats",
        "Accuracy by topic, weakest topics, reviews due, streak",
        "/prep stats [member]",
        "accuracy by topic, weakest topics, reviews due, streak, points",
    ),
    CommandSpec("topics", "Topics with question counts", "/prep topics", "topics with question counts"),
    CommandSpec(
        "export",
        "Your wrong and due questions as an Anki deck and a CSV",
        "/prep export",
        "the questions you got wrong or have due for review, as an Anki deck and a CSV (privately)",
    ),
    CommandSpec(
        "privacy",
        "Leave the public boards, or export or delete your data",
        "/prep privacy hide|show|export|forget",
        "leave or rejoin the public boards, get all your data as a file, or delete it all",
    ),
    CommandSpec(
        "schedule",
        "This channel's daily question",
        "/prep schedule set <HH:MM> [timezone] [topics...]",
        "post a daily question in this channel; also [easy|medium|hard], days "
        "(mon-fri, mon,wed,fri) and reveal=8h",
        admin_only=True,
    ),
    CommandSpec(
        "schedule",
        "",
        "/prep schedule show|pause|resume|off",
        "manage this channel's schedule",
        admin_only=True,
    ),
    CommandSpec(
        "post-now",
        "Post today's question here now",
        "/prep post-now",
        "post today's question here now",
        admin_only=True,
    ),
    CommandSpec(
        "question",
        "How members answered a question",
        "/prep question <code>",
        "how members answered a question (its code is on the card) and the key points they said they covered",
        admin_only=True,
    ),
    CommandSpec(
        "config",
        "Show or set this server's defaults",
        "/prep config [key] [value]",
        "show or set this community's defaults: timezone, topics, difficulty, reveal, "
        "admin-role, public-boards, weekly-board",
        admin_only=True,
    ),
)
MEMBER_COMMANDS = tuple(dict.fromkeys(c.name for c in COMMAND_TABLE if not c.admin_only))
ADMIN_COMMANDS = tuple(dict.fromkeys(c.name for c in COMMAND_TABLE if c.admin_only))


def command_spec(name: str) -> CommandSpec:
    """The table's first line for the command `name`."""
    return next(c for c in COMMAND_TABLE if c.name == name)


SCHEDULE_ACTIONS = ("set", "show", "pause", "resume", "off")
# Arguments longer than this are refused before shlex splits them (its time grows faster than the
# text). `answer` text is not split; the service checks its length against its own limit.
MAX_COMMAND_CHARS = 2000
MAX_ANSWER_CHARS = 2000
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


def clean_answer(text: str) -> str:
    cleaned = strip_control(text).strip()
    if not cleaned:
        raise InvalidAnswer("Your answer is empty. Type it after /prep answer, e.g. /prep answer B.")
    if len(cleaned) > MAX_ANSWER_CHARS:
        raise InvalidAnswer(
            f"Your answer is {len(cleaned):,} characters long; the limit is "
            f"{MAX_ANSWER_CHARS:,}. Shorten it and answer again."
        )
    return cleaned
