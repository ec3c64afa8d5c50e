"""`/prep export` on Discord: an ephemeral reply with the Anki deck and the CSV attached."""

from __future__ import annotations

import csv
import io
import zipfile

import discord

from tests.adapters.discord.discord_uploads import embed_image_files
from tests.adapters.discord.fake_discord import BOT_PERMISSIONS
from tests.adapters.discord.harness import ALICE, RunningBot, buttons_of, text_of


async def export_call(bot: RunningBot) -> tuple[dict[str, object], dict[str, bytes], bool]:
    """The message the member sees, its files by name, and whether Discord was told it is private."""
    token = await bot.command(ALICE, "export")
    await bot.reply(token)
    [call] = bot.fake.find(lambda c: token in c.path and bool(c.data.get("embeds")))
    private = (await bot.callback(token)).body["data"].get("flags") == 64
    return call.data, {u.filename: u.content for u in call.files.values()}, private


async def test_no_history_gets_a_friendly_word_and_no_file(bot: RunningBot) -> None:
    message, files, private = await export_call(bot)
    assert "Nothing to export yet" in text_of(message) and files == {} and private


async def test_a_wrong_answer_comes_back_as_a_private_deck_and_csv(bot: RunningBot) -> None:
    card = await bot.reply(await bot.command(ALICE, "quiz", topic="fundamentals"))
    await bot.reply(await bot.click(ALICE, buttons_of(card)[1]["custom_id"], card))
    message, files, private = await export_call(bot)
    assert private and "Your export: 1 question (1 answered wrong" in text_of(message)
    assert set(files) == {"prepbot-review.apkg", "prepbot-review.csv"}
    assert embed_image_files(message) == []
    with zipfile.ZipFile(io.BytesIO(files["prepbot-review.apkg"])) as deck:
        assert "collection.anki2" in deck.namelist()
    [row] = list(csv.DictReader(io.StringIO(files["prepbot-review.csv"].decode("utf-8-sig"))))
    assert row["why"] == "answered wrong" and "reduces variance" in row["question"] + row["choices"]


async def test_a_channel_without_attach_files_gets_a_clear_word_instead_of_files(bot: RunningBot) -> None:
    card = await bot.reply(await bot.command(ALICE, "quiz", topic="fundamentals"))
    await bot.reply(await bot.click(ALICE, buttons_of(card)[1]["custom_id"], card))
    no_files = BOT_PERMISSIONS & ~discord.Permissions(attach_files=True).value
    token = await bot.command(ALICE, "export", app_permissions=no_files)
    message = await bot.reply(token)
    [call] = bot.fake.find(lambda c: token in c.path and bool(c.data.get("embeds")))
    assert call.files == {} and "Attach Files" in text_of(message)
    token = await bot.command(ALICE, "stats", app_permissions=no_files)
    stats = await bot.reply(token)
    [call] = bot.fake.find(lambda c: token in c.path and bool(c.data.get("embeds")))
    assert call.files == {} and "0/1 correct" in text_of(stats)
