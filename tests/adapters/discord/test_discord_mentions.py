"""Nobody can make the bot ping or reformat through a display name or an answer."""

from __future__ import annotations

import re

from tests.adapters.discord.fake_discord import FakeUser
from tests.adapters.discord.harness import RunningBot, buttons_of, text_of

EVIL_NAME = "@everyone <@&123> **boss** [x](https://evil.example)"
EVIL_ANSWER = "@everyone <@&123> <@456> **adam** `x` [click](https://evil.example)"
MALLORY = FakeUser(700000000000000666, "mallory", global_name=EVIL_NAME)
PINGS = re.compile(r"@everyone|@here|<@&?\d+>|<#\d+>")


def assert_harmless(bot: RunningBot) -> None:
    sent = [c for c in bot.fake.calls if c.method in ("POST", "PATCH") and c.data.get("embeds")]
    assert sent
    for call in sent:
        assert call.data["allowed_mentions"] == {"parse": []}, call.path
        assert not PINGS.search(text_of(call.data)), text_of(call.data)
        assert "](https://" not in text_of(call.data)


async def test_a_hostile_display_name_and_answer_are_shown_inert(bot: RunningBot) -> None:
    card = await bot.reply(await bot.command(MALLORY, "quiz", topic="optimization"))
    opened = await bot.click(MALLORY, buttons_of(card)[0]["custom_id"], card)
    modal = (await bot.callback(opened)).body["data"]
    feedback = text_of(await bot.reply(await bot.submit_modal(MALLORY, modal["custom_id"], "**adam**")))
    assert "Correct!" in feedback and "\\*\\*adam\\*\\*" in feedback  # markdown shown, not applied
    board = text_of(await bot.reply(await bot.command(MALLORY, "leaderboard", period="all")))
    assert "\\*\\*boss\\*\\*" in board and "everyone" in board
    stats = text_of(await bot.reply(await bot.command(MALLORY, "stats")))
    assert "\\*\\*boss\\*\\*" in stats
    assert_harmless(bot)


async def test_a_hostile_typed_answer_is_shown_inert(bot: RunningBot) -> None:
    await bot.reply(await bot.command(MALLORY, "quiz", topic="optimization"))
    text = text_of(await bot.reply(await bot.command(MALLORY, "answer", text=EVIL_ANSWER)))
    assert "@\u200beveryone" in text and "\\*\\*adam\\*\\*" in text
    assert_harmless(bot)


async def test_a_hostile_answer_to_a_choice_question_is_asked_again_without_echo(bot: RunningBot) -> None:
    await bot.reply(await bot.command(MALLORY, "quiz", topic="fundamentals"))
    text = text_of(await bot.reply(await bot.command(MALLORY, "answer", text=EVIL_ANSWER)))
    assert "Answer with one letter, A, B or C" in text and "adam" not in text
    assert_harmless(bot)
