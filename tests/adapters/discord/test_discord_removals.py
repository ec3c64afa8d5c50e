"""A deleted channel or a server the bot left pauses the daily schedules there, with the reason,
through the wiring `prepbot run` uses."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from adapters.runner import pause_on_discord_removals
from bot.daily.schedule import parse_schedule
from bot.daily.service import DailyService
from tests.adapters.discord.fake_discord import BOT_PERMISSIONS, CHANNEL_ID, GUILD_ID, WAIT
from tests.adapters.discord.harness import ADMIN, RunningBot, text_of

OTHER_CHANNEL = "900000000000000077"
OTHER_GUILD = "900000000000000088"


def daily_of(bot: RunningBot) -> DailyService:
    daily = bot.adapter.client.dispatcher.daily
    assert isinstance(daily, DailyService)
    return daily


async def say(bot: RunningBot, *path: str, **options: str) -> str:
    token = await bot.command(ADMIN, *path, app_permissions=BOT_PERMISSIONS, **options)
    return text_of(await bot.reply(token))


async def paused(daily: DailyService, channel_id: str) -> bool:
    schedule = await daily.daily_store.get_schedule("discord", channel_id)
    return schedule is not None and schedule.paused


async def until_paused(daily: DailyService, channel_id: str) -> None:
    async with asyncio.timeout(WAIT):
        while not await paused(daily, channel_id):
            await asyncio.sleep(0.02)


async def save_schedule(daily: DailyService, community: str, channel_id: str) -> None:
    spec = parse_schedule(("10:00", "UTC"), "UTC", daily.bank.topics)
    await daily.daily_store.save_schedule(
        "discord", channel_id, community, spec, datetime.now(UTC), set_by=str(ADMIN.id)
    )


async def test_a_deleted_channel_pauses_its_schedule_and_says_why(bot: RunningBot) -> None:
    daily = daily_of(bot)
    pause_on_discord_removals(bot.adapter, daily.lost_channels)
    assert "Scheduled" in await say(bot, "schedule", "set", time="09:00")
    await save_schedule(daily, str(GUILD_ID), OTHER_CHANNEL)
    await bot.fake.dispatch(
        "CHANNEL_DELETE",
        {
            "id": str(CHANNEL_ID),
            "type": 0,
            "name": "ml-prep",
            "guild_id": str(GUILD_ID),
            "position": 0,
            "permission_overwrites": [],
        },
    )
    await until_paused(daily, str(CHANNEL_ID))
    assert not await paused(daily, OTHER_CHANNEL), "only the deleted channel pauses"
    shown = await say(bot, "schedule", "show")
    assert "Paused because the bot cannot post here: the channel was deleted" in shown
    assert "another channel" in shown
    assert f"channel {CHANNEL_ID} is paused" in shown  # the admin's note, with their next reply


async def test_leaving_the_server_pauses_every_schedule_there_and_no_other(bot: RunningBot) -> None:
    daily = daily_of(bot)
    pause_on_discord_removals(bot.adapter, daily.lost_channels)
    assert "Scheduled" in await say(bot, "schedule", "set", time="09:00")
    await save_schedule(daily, str(GUILD_ID), OTHER_CHANNEL)
    await save_schedule(daily, OTHER_GUILD, "900000000000000099")
    await bot.fake.dispatch("GUILD_DELETE", {"id": str(GUILD_ID)})
    await until_paused(daily, str(CHANNEL_ID))
    await until_paused(daily, OTHER_CHANNEL)
    assert not await paused(daily, "900000000000000099"), "another server keeps its schedule"
    shown = await say(bot, "schedule", "show")
    assert "the bot was removed from the server" in shown and "Invite prepbot" in shown
