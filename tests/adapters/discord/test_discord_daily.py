"""The core's daily questions through Discord: post-now, public buttons, double clicks, restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bot.settings import Settings
from tests.adapters.discord.fake_discord import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.adapters.discord.harness import ADMIN, ALICE, PACK, RunningBot, buttons_of, start_bot, text_of
from tests.adapters.discord.test_discord_answers import without_repeat_note

POSTS = f"/channels/{CHANNEL_ID}/messages"
OTHER_CHANNEL = 900000000000000099


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """Only the multiple-choice question, so the daily post is known to have three buttons."""
    folder = tmp_path / "choice-only"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(PACK.split("  - id: adam-optimizer")[0], encoding="utf-8")
    return folder


async def post_now(bot: RunningBot) -> dict:
    reply = text_of(await bot.reply(await bot.command(ADMIN, "post-now")))
    assert "Posted today's question" in reply
    [posted] = bot.fake.find(lambda c: c.method == "POST" and c.path == POSTS)
    return posted.body


async def post_attempts(bot: RunningBot) -> int:
    async with bot.store.engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM attempts WHERE post_id IS NOT NULL")))


async def test_post_now_posts_a_public_question_answered_privately_once(
    settings: Settings, fake: FakeDiscord
) -> None:
    bot = await start_bot(settings, fake, daily="real")
    try:
        post = await post_now(bot)
        assert "Today's question" in text_of(post) and not post.get("flags")
        first_button = buttons_of(post)[0]["custom_id"]
        assert first_button.startswith("prep:ans:") and not first_button.startswith("prep:ans:0:")
        click = await bot.click(ALICE, first_button, post)
        assert (await bot.callback(click)).body["data"]["flags"] == 64
        first = text_of(await bot.reply(click))
        assert "points" in first
        recount = await bot.fake.wait_for(lambda c: c.method == "PATCH" and c.path.startswith(POSTS))
        assert "1 answered so far" in text_of(recount.body)
        assert [b["custom_id"] for b in buttons_of(recount.body)] == [
            b["custom_id"] for b in buttons_of(post)
        ]
        again = await bot.click(ALICE, buttons_of(post)[1]["custom_id"], post)
        assert without_repeat_note(text_of(await bot.reply(again))) == first
        assert await post_attempts(bot) == 1
    finally:
        await bot.stop()


async def test_public_buttons_work_after_a_restart(settings: Settings, fake: FakeDiscord) -> None:
    before = await start_bot(settings, fake, daily="real")
    post = await post_now(before)
    await before.stop()
    after = await start_bot(settings, fake, daily="real")
    try:
        click = await after.click(ALICE, buttons_of(post)[2]["custom_id"], post)
        assert "points" in text_of(await after.reply(click))
        await after.fake.wait_for(lambda c: c.method == "PATCH" and c.path.startswith(POSTS))
        assert await post_attempts(after) == 1
    finally:
        await after.stop()


async def test_a_daily_post_is_answered_only_from_its_own_channel(bot: RunningBot) -> None:
    post = await post_now(bot)
    elsewhere = {
        "id": str(OTHER_CHANNEL),
        "type": 0,
        "name": "off-topic",
        "guild_id": str(GUILD_ID),
        "permission_overwrites": [],
        "position": 1,
    }
    click = await bot.click(
        ALICE, buttons_of(post)[0]["custom_id"], post, channel_id=str(OTHER_CHANNEL), channel=elsewhere
    )
    assert "belongs to another channel" in text_of(await bot.reply(click))
    assert await post_attempts(bot) == 0
    at_home = await bot.click(ALICE, buttons_of(post)[0]["custom_id"], post)
    assert "points" in text_of(await bot.reply(at_home))
    assert await post_attempts(bot) == 1
