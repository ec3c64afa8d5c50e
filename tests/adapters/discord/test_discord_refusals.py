"""Channels the bot cannot post in: admins are told what to fix, and the scheduler what is final."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot.models import Channel
from bot.ports import PostRefused
from bot.replies import Notice
from tests.adapters.discord.fake_discord import BOT_PERMISSIONS, CHANNEL_ID, GUILD_ID
from tests.adapters.discord.harness import ADMIN, RunningBot, text_of

CHANNEL = Channel(platform="discord", community_id=str(GUILD_ID), channel_id=str(CHANNEL_ID))
POSTS = f"/channels/{CHANNEL_ID}/messages"
VIEW, SEND, EMBED = 1 << 10, 1 << 11, 1 << 14


async def reply_text(bot: RunningBot, *path: str, app_permissions: int, **options: str) -> str:
    token = await bot.command(ADMIN, *path, app_permissions=app_permissions, **options)
    return text_of(await bot.reply(token))


@pytest.mark.parametrize(
    ("lacking", "named"),
    [
        (EMBED, "**Embed Links**"),
        (SEND, "**Send Messages**"),
        (VIEW | SEND, "**View Channel** and **Send Messages**"),
    ],
)
async def test_schedule_set_names_the_missing_permission_and_schedules_nothing(
    bot: RunningBot, lacking: int, named: str
) -> None:
    text = await reply_text(bot, "schedule", "set", app_permissions=BOT_PERMISSIONS & ~lacking, time="09:00")
    assert named in text and "Give prepbot" in text and "Nothing was changed" in text
    assert "Scheduled" not in text
    shown = await reply_text(bot, "schedule", "show", app_permissions=BOT_PERMISSIONS)
    assert "No daily question is scheduled" in shown


async def test_post_now_without_embed_links_says_so_and_posts_nothing(bot: RunningBot) -> None:
    text = await reply_text(bot, "post-now", app_permissions=BOT_PERMISSIONS & ~EMBED)
    assert "**Embed Links**" in text and "Posted" not in text
    assert not bot.fake.find(lambda c: c.path == POSTS)


@pytest.mark.parametrize(
    ("status", "code", "message", "fix"),
    [
        (404, 10003, "Unknown Channel", "/prep schedule set"),
        (403, 50001, "Missing Access", "View Channel"),
        (403, 50013, "Missing Permissions", "Embed Links"),
        (401, 0, "401: Unauthorized", "DISCORD_TOKEN"),
    ],
)
async def test_final_refusals_are_raised_as_post_refused_after_one_request(
    bot: RunningBot, status: int, code: int, message: str, fix: str
) -> None:
    bot.fake.refuse(CHANNEL_ID, status, code, message)
    with pytest.raises(PostRefused) as refused:
        await bot.adapter.publisher.post(CHANNEL, Notice("Today's question"))
    assert fix in refused.value.fix and refused.value.reason
    with pytest.raises(PostRefused):
        await bot.adapter.publisher.edit(CHANNEL, "1", Notice("Revealed"))
    assert len(bot.fake.find(lambda c: c.path.startswith(POSTS))) == 2  # no retries of our own


async def test_other_errors_stay_worth_retrying(bot: RunningBot) -> None:
    bot.fake.refuse(CHANNEL_ID, 400, 50035, "Invalid Form Body")
    with pytest.raises(discord.HTTPException) as error:
        await bot.adapter.publisher.post(CHANNEL, Notice("Today's question"))
    assert not isinstance(error.value, PostRefused)


async def test_leaving_a_server_or_losing_a_channel_reaches_the_removal_hook(bot: RunningBot) -> None:
    removed: asyncio.Queue[tuple[str, str | None, str]] = asyncio.Queue()

    async def hook(community: str, channel: str | None, what: str) -> None:
        await removed.put((community, channel, what))

    bot.adapter.on_removal(hook)
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
    assert await asyncio.wait_for(removed.get(), 5) == (
        str(GUILD_ID),
        str(CHANNEL_ID),
        "the channel was deleted",
    )
    await bot.fake.dispatch("GUILD_DELETE", {"id": str(GUILD_ID)})
    assert await asyncio.wait_for(removed.get(), 5) == (
        str(GUILD_ID),
        None,
        "the bot was removed from the server",
    )


async def test_a_rejected_token_makes_the_bot_unhealthy_but_a_missing_permission_does_not(
    bot: RunningBot,
) -> None:
    bot.fake.refuse(CHANNEL_ID, 403, 50013, "Missing Permissions")
    with pytest.raises(PostRefused):
        await bot.adapter.publisher.post(CHANNEL, Notice("Today's question"))
    assert bot.adapter.connected
    bot.fake.refuse(CHANNEL_ID, 401, 0, "401: Unauthorized")
    with pytest.raises(PostRefused):
        await bot.adapter.publisher.post(CHANNEL, Notice("Today's question"))
    assert not bot.adapter.connected
