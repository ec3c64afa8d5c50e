"""Applies the Alembic migrations that ship inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed number shared by every prepbot process: the PostgreSQL advisory lock that lets one
# of several processes starting at once migrate while the others wait, then find nothing to do.
MIGRATION_LOCK = 0x70726570  # "prep"


def _config(connection: Connection, timezone: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["timezone"] = timezone  # for backfills of week and month totals
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head", *, timezone: str = "UTC") -> None:
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends, so the migration and the version it writes
            # are visible to the next holder.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await connection.run_sync(lambda sync: command.upgrade(_config(sync, timezone), revision))


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema revision the database is at; None for a database without prepbot's tables."""
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
