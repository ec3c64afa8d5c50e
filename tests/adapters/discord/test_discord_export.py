"""`/prep export` on Discord: an ephemeral reply with the Anki deck and the CSV attached."""

from __future__ import annotations

import csv
import io
import zipfile

from tests.adapters.discord.discord_uploads import embed_image_files
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
