"""Applies the Alembic migrations that ship inside the package.

A database already at HEAD is left alone without importing Alembic (a quarter of a second of
every start); tests/integration/test_migrations_match_tables.py keeps HEAD equal to the newest
migration's revision.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0012"
# Any fixed number shared by every prepbot process: the PostgreSQL advisory lock that lets one
# of several processes starting at once migrate while the others wait, then find nothing to do.
MIGRATION_LOCK = 0x70726570  # "prep"
VERSION_TABLE = "alembic_version"  # where Alembic keeps the revision a database is at


def _config(connection: Connection, timezone: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["timezone"] = timezone  # for backfills of week and month totals
    return config


def _stored_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _upgrade(connection: Connection, revision: str, timezone: str) -> None:
    from alembic import command

    command.upgrade(_config(connection, timezone), revision)


async def upgrade(engine: AsyncEngine, revision: str = "head", *, timezone: str = "UTC") -> None:
    if revision == "head" and await current_revision(engine) == HEAD:
        return
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends, so the migration and the version it writes
            # are visible to the next holder.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await connection.run_sync(lambda sync: _upgrade(sync, revision, timezone))


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema revision the database is at; None for a database without prepbot's tables."""
    async with engine.connect() as connection:
        return await connection.run_sync(_stored_revision)
