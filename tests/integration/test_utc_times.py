"""Every stored time is a moment: written with its time zone, read back as UTC, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from bot.storage.engine import create_engine
from bot.storage.migrate import upgrade
from bot.storage.tables import exports, members


async def test_a_time_in_any_zone_comes_back_as_the_same_moment_in_utc(database_url: str) -> None:
    engine = create_engine(database_url)
    tokyo = datetime(2026, 11, 19, 8, 30, tzinfo=timezone(timedelta(hours=9)))
    try:
        await upgrade(engine)
        async with engine.begin() as conn:
            await conn.execute(members.insert().values(id=1, community="test:g1", user_id="ada"))
            await conn.execute(
                exports.insert().values(member_id=1, exported_at=tokyo, questions=1, wrong=0, due=0)
            )
            stored = await conn.scalar(select(exports.c.exported_at))
    finally:
        await engine.dispose()
    assert stored == tokyo and stored.tzinfo == UTC and stored.hour == 23


async def test_a_time_without_a_zone_is_refused_and_nothing_is_stored(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        async with engine.begin() as conn:
            await conn.execute(members.insert().values(id=1, community="test:g1", user_id="ada"))
        with pytest.raises(StatementError, match="needs its time zone"):
            async with engine.begin() as conn:
                await conn.execute(
                    exports.insert().values(
                        member_id=1, exported_at=datetime(2026, 11, 19, 8, 30), questions=1, wrong=0, due=0
                    )
                )
        async with engine.connect() as conn:
            assert (await conn.execute(select(exports))).all() == []
    finally:
        await engine.dispose()
