"""A community that removed the bot loses its data after PREPBOT_RETENTION_DAYS, unless it came
back; other communities keep theirs. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Table, func, select

from bot.bootstrap import Core, build_router
from bot.commands import Command
from bot.dispatch import Dispatcher
from bot.models import Channel, Member
from bot.retention import Retention
from bot.storage.tables import attempts, community_settings, members, totals
from tests.conftest import FixedClock

GONE = Member(platform="discord", community_id="111", user_id="u1", display_name="Ada")
BACK = Member(platform="slack", community_id="T0BACK", user_id="u2", display_name="Bea")
STAYS = Member(platform="discord", community_id="333", user_id="u3", display_name="Cy")


async def practise(dispatcher: Dispatcher, member: Member) -> None:
    channel = Channel(platform=member.platform, community_id=member.community_id, channel_id="c")
    await dispatcher.run(member, channel, Command("quiz", ("fundamentals", "easy")), is_admin=False)
    await dispatcher.run(member, channel, Command("answer", text="B"), is_admin=False)
    await dispatcher.run(member, channel, Command("config", ("weekly-board", "off")), is_admin=True)


async def rows(core: Core, table: Table, community: str) -> int:
    query = select(func.count()).select_from(table).where(table.c.community == community)
    async with core.store.engine.connect() as conn:
        return int(await conn.scalar(query) or 0)


async def test_removed_communities_are_deleted_after_the_retention_period(
    core: Core, clock: FixedClock
) -> None:
    dispatcher = build_router(core)
    for member in (GONE, BACK, STAYS):
        await practise(dispatcher, member)
    retention = Retention(dispatcher.communities, days=30, clock=clock)
    await retention.removed("discord", "111")
    await retention.removed("slack", "T0BACK")
    clock.advance(days=29, hours=23)
    assert await retention.sweep() == []
    await practise(build_router(core), BACK)  # a new process sees the workspace return
    clock.advance(hours=2)
    assert await retention.sweep() == ["discord:111"]
    for table in (members, attempts, totals, community_settings):
        assert await rows(core, table, "discord:111") == 0
        assert await rows(core, table, "slack:T0BACK") > 0
        assert await rows(core, table, "discord:333") > 0
    clock.advance(days=60)
    assert await retention.sweep() == []
