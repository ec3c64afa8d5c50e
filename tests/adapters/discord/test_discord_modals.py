"""A typed answer is never lost: the modal is answered after a restart, after any delay, and
made-up or out-of-date ids get a friendly reply instead of a crash."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from sqlalchemy import text

from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import ALICE, RunningBot, buttons_of, start_bot, text_of

TWENTY_MINUTES = 20 * 60
BEYOND_INT64 = "99999999999999999999"  # 20 digits: more than a 64-bit integer holds


async def attempts(bot: RunningBot) -> int:
    async with bot.store.engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM attempts")))


async def open_modal(bot: RunningBot) -> dict:
    """Quiz an open question and click its Answer button; the modal Discord was asked to show."""
    card = await bot.reply(await bot.command(ALICE, "quiz", topic="optimization"))
    token = await bot.click(ALICE, buttons_of(card)[0]["custom_id"], card)
    callback = (await bot.callback(token)).body
    assert callback["type"] == 9
    return dict(callback["data"])


async def let_time_pass(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Move the clock the event loop and discord.py's view timeouts read, and let timers run."""
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real() + seconds)
    for _ in range(5):
        await asyncio.sleep(0)


async def test_the_modal_names_its_question_and_uses_the_label_layout(bot: RunningBot) -> None:
    modal = await open_modal(bot)
    assert modal["custom_id"] == "prep:modal:0:adam-optimizer"
    [label] = modal["components"]
    assert label["type"] == 18 and label["label"] == "Your answer"
    assert label["component"]["type"] == 4 and label["component"]["custom_id"] == "answer"
    assert label["component"]["style"] == 2 and label["component"]["max_length"] == 2000


async def test_an_answer_submitted_after_a_restart_is_graded(settings: Settings, fake: FakeDiscord) -> None:
    before = await start_bot(settings, fake)
    modal = await open_modal(before)
    await before.stop()
    after = await start_bot(settings, fake)
    try:
        token = await after.submit_modal(ALICE, modal["custom_id"], "Adam")
        assert "Correct!" in text_of(await after.reply(token))
        assert await attempts(after) == 1
    finally:
        await after.stop()


async def test_an_answer_submitted_twenty_minutes_later_is_graded(
    settings: Settings, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The jump would otherwise look like a dead gateway connection to the client.
    bot = await start_bot(settings, fake, heartbeat_timeout=24 * 3600)
    try:
        modal = await open_modal(bot)
        await let_time_pass(monkeypatch, TWENTY_MINUTES)
        token = await bot.submit_modal(ALICE, modal["custom_id"], "adam")
        assert "Correct!" in text_of(await bot.reply(token))
        assert await attempts(bot) == 1
    finally:
        await bot.stop()


async def test_a_form_opened_before_an_upgrade_is_answered_kindly(bot: RunningBot) -> None:
    token = await bot.submit_modal(ALICE, "3f2a9c0d51e84b7a9a6e2f0c4d1b8e77", "my answer")
    reply = text_of(await bot.reply(token))
    assert "out of date" in reply and "nothing was recorded" in reply
    assert await attempts(bot) == 0


@pytest.mark.parametrize(
    "custom_id", [f"prep:ans:{BEYOND_INT64}:bias-variance:A", f"prep:open:{BEYOND_INT64}:adam-optimizer"]
)
async def test_a_button_id_beyond_int64_is_refused_without_a_crash(
    bot: RunningBot, custom_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        reply = text_of(await bot.reply(await bot.click(ALICE, custom_id)))
    assert "out of date" in reply
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert await attempts(bot) == 0
    card = await bot.reply(await bot.command(ALICE, "quiz", topic="fundamentals"))
    assert "Correct!" in text_of(
        await bot.reply(await bot.click(ALICE, buttons_of(card)[0]["custom_id"], card))
    )


async def test_a_modal_id_beyond_int64_is_refused_without_a_crash(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        token = await bot.submit_modal(ALICE, f"prep:modal:{BEYOND_INT64}:adam-optimizer", "adam")
        assert "out of date" in text_of(await bot.reply(token))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert await attempts(bot) == 0
