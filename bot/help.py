"""The help text: one line per command of the `/prep` grammar."""

from __future__ import annotations

from bot.replies import CommandHelp, Help

COMMANDS = (
    CommandHelp("/prep help", "what the bot does and its commands"),
    CommandHelp("/prep today", "this channel's daily question"),
    CommandHelp(
        "/prep quiz [topic|weak] [difficulty]",
        "a private practice question, graded at once (weak: from your weakest topic)",
    ),
    CommandHelp("/prep answer <text>", "answer your open question (a letter for multiple choice)"),
    CommandHelp(
        "/prep claim <number>",
        "say you covered a key point the grader missed in your "
        "last interview answer (kept beside the grade; points stay)",
    ),
    CommandHelp("/prep again", "show your open question again"),
    CommandHelp("/prep skip", "skip your open question: no points, not wrong; it comes back in review"),
    CommandHelp("/prep review", "your questions due for review (spaced repetition), one after another"),
    CommandHelp(
        "/prep mock [round] [minutes]",
        "a timed mock interview (breadth, llm, design, "
        "behavioral, stats, coding-data or mixed; 10-60 minutes, default 20) ending in a "
        "report; /prep mock stop abandons it",
    ),
    CommandHelp("/prep leaderboard [week|month|all] [topic]", "top 10 and your own rank"),
    CommandHelp("/prep stats [member]", "accuracy by topic, weakest topics, reviews due, streak, points"),
    CommandHelp("/prep topics", "topics with question counts"),
    CommandHelp(
        "/prep export",
        "the questions you got wrong or have due for review, as an Anki deck and a CSV (privately)",
    ),
    CommandHelp(
        "/prep privacy hide|show|export|forget",
        "leave or rejoin the public boards, get all your data as a file, or delete it all",
    ),
    CommandHelp(
        "/prep schedule set <HH:MM> [timezone] [topics...]",
        "post a daily question in this channel; also [easy|medium|hard], days "
        "(mon-fri, mon,wed,fri) and reveal=8h",
        admin_only=True,
    ),
    CommandHelp("/prep schedule show|pause|resume|off", "manage this channel's schedule", admin_only=True),
    CommandHelp("/prep post-now", "post today's question here now", admin_only=True),
    CommandHelp(
        "/prep question <code>",
        "how members answered a question (its code is on the card) and the key points they said they covered",
        admin_only=True,
    ),
    CommandHelp(
        "/prep config [key] [value]",
        "show or set this community's defaults: timezone, topics, difficulty, reveal, "
        "admin-role, public-boards, weekly-board",
        admin_only=True,
    ),
)

INTRO = (
    "prepbot helps your study group practise for machine-learning-engineer interviews: "
    "multiple-choice, short-answer and open interview questions, graded with explanations, "
    "with points, streaks and a leaderboard."
)


def help_reply() -> Help:
    return Help(INTRO, COMMANDS)
