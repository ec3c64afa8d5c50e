"""Each `/prep` subcommand's reply, admin checks, autocomplete and error handling."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.adapters.discord.fake_discord import CHANNEL_ID, FakeDiscord, FakeUser
from tests.adapters.discord.harness import ADMIN, ALICE, RunningBot, start_bot, text_of

EPHEMERAL = 64
LISTED_ADMIN = FakeUser(700000000000000099, "listed")


async def reply_text(bot: RunningBot, *path: str, user: FakeUser = ALICE, **options: str) -> str:
    token = await bot.command(user, *path, **options)
    return text_of(await bot.reply(token))


async def test_help_lists_the_commands_privately(bot: RunningBot) -> None:
    token = await bot.command(ALICE, "help")
    reply = await bot.reply(token)
    assert "/prep quiz [topic|weak] [difficulty]" in text_of(reply) and "/prep review" in text_of(reply)
    assert (await bot.callback(token)).body["data"]["flags"] == EPHEMERAL


async def test_topics_lists_the_loaded_topics(bot: RunningBot) -> None:
    text = await reply_text(bot, "topics")
    assert "`fundamentals` — ML fundamentals (1)" in text
    assert "Optimization (1)" in text


async def test_typed_answer_is_graded(bot: RunningBot) -> None:
    await bot.reply(await bot.command(ALICE, "quiz", topic="optimization"))
    assert "Correct!" in await reply_text(bot, "answer", text="Adam")


async def test_answer_without_an_open_question_is_a_friendly_error(bot: RunningBot) -> None:
    assert "no open question" in await reply_text(bot, "answer", text="B")


async def test_leaderboard_is_public_and_shows_the_caller(bot: RunningBot) -> None:
    await bot.reply(await bot.command(ALICE, "quiz", topic="optimization"))
    await bot.reply(await bot.command(ALICE, "answer", text="adam"))
    token = await bot.command(ALICE, "leaderboard", period="all")
    assert "flags" not in (await bot.callback(token)).body.get("data", {})  # a public "thinking..."
    text = text_of(await bot.reply(token))
    assert "Leaderboard — All time" in text and "**Alice**" in text


async def test_leaderboard_by_topic(bot: RunningBot) -> None:
    text = await reply_text(bot, "leaderboard", period="week", topic="fundamentals")
    assert "ML fundamentals" in text and "no points in this period" in text


async def test_stats_for_yourself_and_for_another_member(bot: RunningBot) -> None:
    await bot.reply(await bot.command(ALICE, "quiz", topic="optimization"))
    await bot.reply(await bot.command(ALICE, "answer", text="adam"))
    mine = await reply_text(bot, "stats")
    assert "Alice" in mine and "1/1 correct" in mine and "Daily streak: 0" in mine
    resolved = {
        "users": {str(ALICE.id): ALICE.user_payload()},
        "members": {str(ALICE.id): ALICE.member_payload(with_user=False)},
    }
    token = await bot.command(ADMIN, "stats", member=str(ALICE.id), resolved=resolved)
    assert "1/1 correct" in text_of(await bot.reply(token))


async def test_today_shows_the_daily_question_in_the_channel(bot: RunningBot) -> None:
    assert "Posted today's question" in await reply_text(bot, "post-now", user=ADMIN)
    today = await reply_text(bot, "today")
    assert "Today's question" in today and "0 answered so far" in today


@pytest.mark.parametrize(
    "path",
    [("post-now",), ("schedule", "show"), ("schedule", "pause"), ("schedule", "resume"), ("schedule", "off")],
)
async def test_members_cannot_run_admin_subcommands(bot: RunningBot, path: tuple[str, ...]) -> None:
    token = await bot.command(ALICE, *path)
    callback = await bot.callback(token)
    assert callback.body["data"]["flags"] == EPHEMERAL
    assert "Only members with Manage Server" in text_of(callback.body["data"])
    assert "No daily question is scheduled" in await reply_text(bot, "schedule", "show", user=ADMIN)
    assert not [c for c in bot.fake.calls if c.path.endswith(f"/channels/{CHANNEL_ID}/messages")]


async def test_manage_server_members_and_listed_admins_can(bot: RunningBot) -> None:
    assert "Posted today's question" in await reply_text(bot, "post-now", user=ADMIN)
    text = await reply_text(
        bot,
        "schedule",
        "set",
        user=LISTED_ADMIN,
        time="09:00",
        timezone="Europe/Berlin",
        topics="mlops fundamentals",
    )
    assert "Scheduled. Daily question at 09:00 Europe/Berlin" in text


async def test_without_the_daily_module_today_is_a_friendly_error(
    settings: Settings, fake: FakeDiscord
) -> None:
    bot = await start_bot(settings, fake, daily=None)
    try:
        assert "Daily questions are not available" in await reply_text(bot, "today")
    finally:
        await bot.stop()


async def test_topic_autocomplete_offers_matching_topics(bot: RunningBot) -> None:
    data = {
        "id": "1",
        "name": "prep",
        "type": 1,
        "options": [
            {
                "name": "quiz",
                "type": 1,
                "options": [{"name": "topic", "type": 3, "value": "opti", "focused": True}],
            }
        ],
    }
    payload = bot.fake.interaction(4, ALICE, data)
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    callback = await bot.callback(payload["token"])
    assert callback.body["type"] == 8
    assert callback.body["data"]["choices"] == [{"name": "Optimization (1)", "value": "optimization"}]


async def test_unexpected_errors_get_an_apology_and_are_logged(bot: RunningBot, monkeypatch, caplog) -> None:
    def broken() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(bot.adapter.client.dispatcher, "topics", broken)
    token = await bot.command(ALICE, "topics")
    assert "Sorry, something went wrong" in text_of(await bot.reply(token))
    [logged] = [r for r in caplog.records if r.getMessage().startswith("interaction ")]
    assert logged.getMessage().endswith(" failed") and logged.exc_info is not None
