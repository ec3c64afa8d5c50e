"""When PostgreSQL drops the bot's pooled connections (a restart, an administrator ending
sessions), the next database call still works: pool_pre_ping finds the ended connection at
checkout and replaces it."""

from __future__ import annotations

import asyncio

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy import select

from bot.storage.daily_store import DailyStore
from bot.storage.engine import create_engine
from bot.storage.migrate import upgrade
from bot.storage.tables import schedules


async def _end_sessions(url: str) -> None:
    """Terminate every other session of the database and wait until the server has ended them."""
    admin = await asyncpg.connect(url)
    try:
        others = (
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        await admin.execute(f"SELECT pg_terminate_backend(pid) FROM ({others}) AS s")
        while await admin.fetch(others):
            await asyncio.sleep(0.01)
    finally:
        await admin.close()


async def test_the_next_call_works_after_postgresql_ends_the_pooled_connections(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop the connection")
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        store = DailyStore(engine)
        assert await store.list_schedules() == []
        await _end_sessions(database_url)
        assert await store.list_schedules() == []
        async with engine.connect() as conn:
            assert (await conn.execute(select(schedules))).all() == []
    finally:
        await engine.dispose()
