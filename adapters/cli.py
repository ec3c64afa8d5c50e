"""The composition root: the `prepbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import gc
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from adapters.logs import configure_logging
from bot import __version__
from bot.errors import ContentError, DatabaseUnavailable, PrepError
from bot.settings import Settings

# Each verb imports what only it needs: `prepbot health` runs every 30 s in a container and
# should not load the platforms, the console, the migrations or the question bank.

log = logging.getLogger("prepbot")

NOTHING_TO_RUN = (
    "no chat platform is configured and there is no terminal for the console: set DISCORD_TOKEN "
    "for Discord, or SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET "
    "(HTTP mode) for Slack, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET to let "
    "workspaces install it; to practise in a terminal, run `prepbot console` (with Compose: "
    "`docker compose run --rm bot prepbot console`)"
)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prepbot",
        description="Practice ML-engineer interview questions with your study "
        "group on Discord, Slack or in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"prepbot {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")
    verbs.add_parser(
        "run",
        help="start every configured platform and the scheduler (the console when no platform token is set)",
        description="Start every platform whose credentials are set, plus the "
        "scheduler. With no Discord or Slack token, open the console.",
    )
    console = verbs.add_parser(
        "console",
        help="practise in this terminal",
        description="Practise in this terminal: type /prep commands, or pipe them in.",
    )
    console.add_argument(
        "--user", default=None, help="your name on the leaderboard (default: your OS user name)"
    )
    content = verbs.add_parser("content", help="question-pack tools", description="Question-pack tools.")
    content_verbs = content.add_subparsers(dest="content_verb", metavar="ACTION", required=True)
    check = content_verbs.add_parser(
        "check",
        help="validate question packs and print a summary",
        description="Validate every YAML pack in each DIR, alongside the topics of the bundled "
        "packs (default: the bundled packs and the PREPBOT_CONTENT_DIR folders); render every "
        "question in every state (card, feedback, answer box, reveal) for Discord and Slack and "
        "check it against their limits; list every problem and warning, and print counts by "
        "topic, kind and difficulty.",
    )
    check.add_argument("directories", nargs="*", type=Path, metavar="DIR")
    database = verbs.add_parser("db", help="database tools", description="Database tools.")
    db_verbs = database.add_subparsers(dest="db_verb", metavar="ACTION", required=True)
    db_verbs.add_parser(
        "upgrade", help="apply database migrations", description="Create or upgrade the database schema."
    )
    backup = db_verbs.add_parser(
        "backup",
        help="copy the SQLite database to PATH, safely while the bot runs",
        description="Copy the SQLite database to PATH with SQLite's online backup API: a "
        "consistent snapshot, safe while prepbot runs. Restore by pointing PREPBOT_DATABASE_URL "
        "at the copy (or moving it into place while prepbot is stopped). For PostgreSQL, use "
        "pg_dump; this command prints the exact invocation.",
    )
    backup.add_argument("path", type=Path, metavar="PATH", help="the backup file to create")
    backup.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    verbs.add_parser(
        "health",
        help="exit 0 when the database answers and every platform is connected",
        description="Check a running `prepbot run` (e.g. as a container HEALTHCHECK): exit 0 when "
        "the database answers and each configured platform is connected according to the bot's "
        "heartbeat file (PREPBOT_HEALTH_FILE, rewritten every 5 s, stale after 30 s); otherwise "
        "print the reason on one line and exit 1. With no platform configured, only the database "
        "is checked.",
    )
    return parser


def _settings() -> Settings:
    try:
        return Settings(_env_file=".env")
    except ValidationError as error:
        first = error.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:
            raise PrepError(f"invalid settings: {message}") from None
        raise PrepError(f"invalid setting {str(first['loc'][0]).upper()}: {message}") from None


async def _console(settings: Settings, user: str) -> None:
    from adapters.chat_model import chat_model_from
    from adapters.runner import run_console_with_daily
    from bot.bootstrap import bootstrap

    app = await bootstrap(settings, grader=chat_model_from(settings))
    try:
        await run_console_with_daily(app, user)
    finally:
        await app.close()


def _db_backup(settings: Settings, path: Path, force: bool) -> None:
    from bot.storage.backup import backup
    from bot.storage.engine import masked

    size = backup(settings.database_url, path, force=force)
    print(f"backed up {masked(settings.database_url)} to {path} ({size:,} bytes)")


def _health(settings: Settings) -> int:
    from adapters.health import check as check_health

    result = asyncio.run(check_health(settings))
    print(result.line(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


async def _db_upgrade(settings: Settings) -> None:
    from bot.bootstrap import upgrade_database
    from bot.storage.engine import masked

    before, after = await upgrade_database(settings)
    where = masked(settings.database_url)
    if before is None:
        print(f"created the database at schema revision {after}: {where}")
    elif before != after:
        print(f"upgraded the database from schema revision {before} to {after}: {where}")
    else:
        print(f"database is up to date (schema revision {after}): {where}")


def _content_check(settings: Settings, directories: list[Path]) -> int:
    from adapters.content_fit import unfit_questions
    from bot.bank import BUNDLED_CONTENT, load_content
    from bot.content_lint import content_warnings
    from bot.content_report import summary_table

    if directories:
        folders, bundled = directories, False
    else:
        folders, bundled = list(settings.content_dirs), settings.bundled_questions
    try:
        bank = load_content(folders, bundled_questions=bundled)
    except ContentError as error:
        for problem in error.problems:
            print(f"error: {problem.message}", file=sys.stderr)
        count = len(error.problems)
        print(f"prepbot: invalid content: {count} problem{'s' * (count != 1)}", file=sys.stderr)
        return 1
    warnings = content_warnings(bank)
    for warning in warnings:
        print(f"warning: {warning}")
    unfit = unfit_questions(bank)
    for state in unfit:
        print(f"error: {bank.origin[state.question_id]}: {state}", file=sys.stderr)
    if unfit:
        count = len({state.question_id for state in unfit})
        print(
            f"prepbot: {count} question{'s' * (count != 1)} cannot be shown within "
            "Discord's or Slack's limits",
            file=sys.stderr,
        )
        return 1
    print(summary_table(bank))
    names = ", ".join(str(f) for f in ([BUNDLED_CONTENT] if bundled else []) + folders)
    print(f"OK: {len(bank)} questions in {names}; {len(warnings)} warnings")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.verb is None:
        _parser().print_help()
        return 0
    try:
        settings = _settings()
        configure_logging(settings)
        if args.verb == "content":
            return _content_check(settings, args.directories)
        elif args.verb == "health":
            return _health(settings)
        elif args.verb == "db" and args.db_verb == "backup":
            _db_backup(settings, args.path, args.force)
        elif args.verb == "db":
            asyncio.run(_db_upgrade(settings))
        elif args.verb == "console":
            asyncio.run(_console(settings, args.user or _default_user()))
        elif args.verb == "run":
            gc.disable()  # start-up builds what lives on; adapters/runner.py resumes collections once ready
            from adapters.console.app import has_console_input
            from adapters.runner import run_all

            if not (settings.discord_enabled or settings.slack_enabled) and not has_console_input(sys.stdin):
                raise PrepError(NOTHING_TO_RUN)
            asyncio.run(run_all(settings, _default_user()))
    except ContentError as error:
        print(f"prepbot: invalid content: {error.message}", file=sys.stderr)
        return 1
    except DatabaseUnavailable as error:
        print(f"prepbot: {error.message}", file=sys.stderr)
        return 2
    except PrepError as error:
        print(f"prepbot: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
