"""`/prep stats` on Discord: the progress card rides on the private reply as an uploaded PNG."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

import adapters.progress_card
from bot.settings import Settings
from tests.adapters.discord.discord_uploads import embed_image_files
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import ALICE, RunningBot, start_bot, text_of

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def _stats_call(bot: RunningBot) -> tuple[dict[str, object], dict[str, object]]:
    await bot.reply(await bot.command(ALICE, "quiz", topic="optimization"))
    await bot.reply(await bot.command(ALICE, "answer", text="adam"))
    token = await bot.command(ALICE, "stats")
    await bot.reply(token)
    [call] = bot.fake.find(lambda c: token in c.path and bool(c.data.get("embeds")))
    return call.data, {name: upload for name, upload in call.files.items()}


async def test_stats_attach_a_progress_card_shown_in_the_embed(bot: RunningBot) -> None:
    message, files = await _stats_call(bot)
    [upload] = files.values()
    assert upload.filename == "progress.png" and upload.content.startswith(PNG_SIGNATURE)
    assert embed_image_files(message) == ["progress.png"]
    assert "1/1 correct" in text_of(message)


@pytest.fixture
async def bot_without_images(settings: Settings, fake: FakeDiscord) -> AsyncIterator[RunningBot]:
    running = await start_bot(settings.model_copy(update={"images": False}), fake)
    yield running
    await running.stop()


async def test_images_off_sends_text_stats_only(bot_without_images: RunningBot) -> None:
    message, files = await _stats_call(bot_without_images)
    assert files == {} and embed_image_files(message) == []
    assert "1/1 correct" in text_of(message)


async def test_a_drawing_failure_still_sends_the_text_stats(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: object) -> object:
        raise RuntimeError("no usable font")

    monkeypatch.setattr(adapters.progress_card, "_pyplot", broken)
    with caplog.at_level(logging.WARNING, logger="prepbot.images"):
        message, files = await _stats_call(bot)
    assert files == {} and "1/1 correct" in text_of(message)
    [line] = [r for r in caplog.records if r.name == "prepbot.images"]
    assert "no usable font" in line.getMessage()
