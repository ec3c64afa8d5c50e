"""The migrations build exactly the schema bot/storage/tables.py describes, on SQLite and
PostgreSQL: a column, index, constraint, type or default that one has and the other lacks fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, select

from bot.storage.engine import create_engine
from bot.storage.migrate import HEAD, MIGRATIONS, upgrade
from bot.storage.tables import members, metadata, totals


def same_default(
    _context: MigrationContext,
    _inspected_column: Any,
    _metadata_column: Any,
    inspected_default: str | None,
    _metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    """An empty-string default is the same default: SQLite reports it as `('')`, and Alembic's
    SQLite comparison strips the brackets and quotes of `('x')` but not of `('')`. None leaves
    every other default to Alembic."""
    if rendered_metadata_default == "" and inspected_default in {"''", "('')"}:
        return False
    return None


# Tables slack_sdk's OAuth stores define (migration 0010); their own test compares them with
# slack_sdk's definitions (tests/adapters/slack/test_slack_install.py).
SLACK_SDK_TABLES = {"slack_bots", "slack_installations", "slack_oauth_states"}


def ours(name: str | None, kind: str, parents: Any) -> bool:
    table = name if kind == "table" else parents.get("table_name")
    return table not in SLACK_SDK_TABLES


def differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": same_default, "include_name": ours}
    )
    return list(compare_metadata(context, metadata))


async def test_the_migrated_schema_is_the_tables_schema(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            found = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert found == []


async def test_widening_the_scope_keeps_every_total(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        await upgrade(engine, "0008")
        async with engine.begin() as connection:
            await connection.execute(members.insert().values(id=1, community="discord:1", user_id="ada"))
            await connection.execute(
                totals.insert().values(
                    member_id=1, scope="week:2026-11-16", community="discord:1", points=7, correct=2
                )
            )
        await upgrade(engine)
        async with engine.begin() as connection:
            long_scope = "week:2026-11-16|" + "t" * 60
            await connection.execute(
                totals.insert().values(
                    member_id=1, scope=long_scope, community="discord:1", points=1, correct=1
                )
            )
            rows = (
                await connection.execute(select(totals.c.scope, totals.c.points).order_by(totals.c.points))
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in rows] == [(long_scope, 1), ("week:2026-11-16", 7)]


def test_head_is_the_newest_migration() -> None:
    """`upgrade` trusts HEAD to skip Alembic on a database already there: it must be the newest."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD]


async def test_a_second_start_skips_alembic_and_keeps_the_data(tmp_path: Path) -> None:
    """A start on a database already at HEAD changes nothing and does not load Alembic."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    first = (
        "import asyncio, sys\n"
        "from bot.storage.engine import create_engine\n"
        "from bot.storage.migrate import upgrade, current_revision\n"
        f"engine = create_engine({url!r})\n"
        "asyncio.run(upgrade(engine))\n"
        "print(asyncio.run(current_revision(engine)), 'alembic' in sys.modules)\n"
    )
    run = [sys.executable, "-c", first]
    assert subprocess.run(run, capture_output=True, text=True, check=True).stdout.split() == [HEAD, "True"]
    assert subprocess.run(run, capture_output=True, text=True, check=True).stdout.split() == [HEAD, "False"]
