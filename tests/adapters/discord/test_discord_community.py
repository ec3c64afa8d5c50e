"""`/prep config` and `/prep privacy` through the real discord.py client and the fake Discord,
on SQLite and PostgreSQL: admins only, a role that must exist in the server, the admin role
accepted as admin, and a member's data export attached to a private reply."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from adapters.runner import pause_on_discord_removals
from bot.retention import Retention
from bot.settings import Settings
from tests.adapters.discord.fake_discord import GUILD_ID, MENTORS_ROLE_ID, WAIT, FakeDiscord, FakeUser
from tests.adapters.discord.harness import ADMIN, ALICE, RunningBot, start_bot, text_of

EPHEMERAL = 64
MENTOR = FakeUser(700000000000000005, "mentor", roles=(MENTORS_ROLE_ID,))


@pytest.fixture
async def bot(settings: Settings, fake: FakeDiscord, database_url: str) -> AsyncIterator[RunningBot]:
    running = await start_bot(settings.model_copy(update={"database_url": database_url}), fake)
    yield running
    await running.stop()


async def reply_to(bot: RunningBot, user: FakeUser, *path: str, **options: str) -> tuple[str, dict]:
    token = await bot.command(user, *path, **options)
    reply = await bot.reply(token)
    return text_of(reply), (await bot.callback(token)).body


async def test_admins_configure_and_the_admin_role_counts_as_admin(bot: RunningBot) -> None:
    refused, body = await reply_to(bot, MENTOR, "config", key="timezone", value="Asia/Tokyo")
    assert "Only members with Manage Server (or the admin role set with /prep config)" in refused
    assert body["data"]["flags"] == EPHEMERAL

    missing, _ = await reply_to(bot, ADMIN, "config", key="admin-role", value="Wizards")
    assert "There is no role called 'Wizards' here, so nothing was changed." in missing
    set_role, _ = await reply_to(bot, ADMIN, "config", key="admin-role", value=f"<@&{MENTORS_ROLE_ID}>")
    assert "• admin-role: Mentors" in set_role

    changed, _ = await reply_to(bot, MENTOR, "config", key="timezone", value="Asia/Tokyo")
    assert "• timezone: Asia/Tokyo" in changed
    still_refused, _ = await reply_to(bot, ALICE, "config")
    assert "Only members with Manage Server" in still_refused
    unknown, _ = await reply_to(bot, MENTOR, "config", key="timezone", value="Mars/Olympus")
    assert "Unknown timezone 'Mars/Olympus'" in unknown
    no_value, _ = await reply_to(bot, MENTOR, "config", key="weekly-board")
    assert "Give a value: /prep config weekly-board <value>, on or off" in no_value
    shown, _ = await reply_to(bot, MENTOR, "config")
    assert "• timezone: Asia/Tokyo" in shown and "• admin-role: Mentors" in shown


async def test_a_member_exports_hides_and_forgets(bot: RunningBot) -> None:
    nothing, _ = await reply_to(bot, ALICE, "privacy", action="export")
    assert "Nothing is stored about you here" in nothing
    await bot.reply(await bot.command(ALICE, "quiz", topic="optimization"))
    await bot.reply(await bot.command(ALICE, "answer", text="Adam"))

    token = await bot.command(ALICE, "privacy", action="export")
    reply = await bot.reply(token)
    assert "Everything prepbot stores about you here (1 answer(s)" in text_of(reply)
    assert (await bot.callback(token)).body["data"]["flags"] == EPHEMERAL
    [call] = bot.fake.find(lambda c: token in c.path and bool(c.data.get("embeds")))
    [upload] = call.files.values()
    assert upload.filename == f"prepbot-data-discord-{ALICE.id}.json"
    exported = json.loads(upload.content)
    assert [a["response"] for a in exported["answers"]] == ["Adam"]

    hidden, _ = await reply_to(bot, ALICE, "privacy", action="hide")
    assert "hidden from public boards" in hidden
    board, _ = await reply_to(bot, ADMIN, "leaderboard", period="all")
    assert "Alice" not in board
    own = await bot.reply(await bot.command(ALICE, "leaderboard", period="all"))
    assert "Alice" in text_of(own) and own["flags"] == EPHEMERAL  # her rank, shown to her only

    warning, _ = await reply_to(bot, ALICE, "privacy", action="forget")
    assert "cannot be undone" in warning and "/prep privacy forget confirm" in warning
    assert "1 answer(s)" in (await reply_to(bot, ALICE, "privacy", action="export"))[0]
    done, _ = await reply_to(bot, ALICE, "privacy", action="forget confirm")
    assert "is deleted" in done
    again, _ = await reply_to(bot, ALICE, "privacy", action="forget confirm")
    assert "Nothing is stored about you here" in again


async def test_a_server_that_removes_the_bot_is_marked_for_deletion_until_it_returns(bot: RunningBot) -> None:
    communities = bot.adapter.client.dispatcher.communities
    pause_on_discord_removals(bot.adapter, None, Retention(communities, days=30))
    await bot.fake.dispatch("GUILD_DELETE", {"id": str(GUILD_ID)})
    await until(lambda: communities.store.is_removed(f"discord:{GUILD_ID}"), True)
    joined = {k: v for k, v in bot.fake.guild().items() if k != "unavailable"}  # invited again
    await bot.fake.dispatch("GUILD_CREATE", joined)
    await until(lambda: communities.store.is_removed(f"discord:{GUILD_ID}"), False)


async def until(check: Callable[[], Awaitable[bool]], wanted: bool) -> None:
    async with asyncio.timeout(WAIT):
        while await check() != wanted:
            await asyncio.sleep(0.02)
