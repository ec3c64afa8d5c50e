"""The composition root: the `prepbot` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from adapters.runner import run_console_with_daily
from bot import __version__
from bot.bank import QuestionBank
from bot.bootstrap import build_core, open_store
from bot.content_report import summary_table
from bot.errors import ContentError, DatabaseUnavailable, PrepError
from bot.settings import Settings

log = logging.getLogger("prepbot")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prepbot", description="Practice ML-engineer interview questions with your study "
        "group on Discord, Slack or in the terminal.")
    parser.add_argument("--version", action="version", version=f"prepbot {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")
    verbs.add_parser("run", help="start every configured platform and the scheduler "
                     "(the console when no platform token is set)",
                     description="Start every platform whose credentials are set, plus the "
                     "scheduler. With no Discord or Slack token, open the console.")
    console = verbs.add_parser("console", help="practise in this terminal",
                               description="Practise in this terminal: type /prep commands, "
                               "or pipe them in.")
    console.add_argument("--user", default=None, help="your name on the leaderboard "
                         "(default: your OS user name)")
    content = verbs.add_parser("content", help="question-pack tools",
                               description="Question-pack tools.")
    content_verbs = content.add_subparsers(dest="content_verb", metavar="ACTION", required=True)
    check = content_verbs.add_parser("check", help="validate question packs and print a summary",
                                     description="Validate every YAML pack in DIR (default: the "
                                     "configured content folder) and print counts.")
    check.add_argument("directory", nargs="?", type=Path, default=None, metavar="DIR")
    database = verbs.add_parser("db", help="database tools", description="Database tools.")
    db_verbs = database.add_subparsers(dest="db_verb", metavar="ACTION", required=True)
    db_verbs.add_parser("upgrade", help="apply database migrations",
                        description="Create or upgrade the database schema.")
    return parser


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "configuration"
        raise PrepError(f"invalid setting {name}: {first['msg']}") from None


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))


async def _console(settings: Settings, user: str) -> None:
    core = await build_core(settings)
    try:
        await run_console_with_daily(core, user)
    finally:
        await core.close()


async def _db_upgrade(settings: Settings) -> None:
    store = await open_store(settings)
    await store.dispose()
    print(f"database is up to date: {settings.database_url}")


def _content_check(settings: Settings, directory: Path | None) -> None:
    folder = directory or settings.content_dir
    bank = QuestionBank.load(folder)
    print(summary_table(bank))
    print(f"OK: {len(bank)} questions in {folder}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.verb is None:
        _parser().print_help()
        return 0
    try:
        settings = _settings()
        _configure_logging(settings.log_level)
        if args.verb == "content":
            _content_check(settings, args.directory)
        elif args.verb == "db":
            asyncio.run(_db_upgrade(settings))
        elif args.verb == "console":
            asyncio.run(_console(settings, args.user or _default_user()))
        elif args.verb == "run":
            from adapters.runner import run_all

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
