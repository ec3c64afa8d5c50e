"""A whole mock interview through the real discord.py client and the fake Discord: a choice
answered by button, a short answer typed in the modal, a skip, the report; and a time-out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import ALICE, RunningBot, buttons_of, start_bot, text_of
from tests.conftest import FixedClock


@pytest.fixture
async def timed_bot(settings: Settings, fake: FakeDiscord, clock: FixedClock) -> AsyncIterator[RunningBot]:
    running = await start_bot(settings, fake, clock=clock)
    yield running
    await running.stop()


async def private_reply(bot: RunningBot, token: str) -> dict[str, Any]:
    """What the member sees for an interaction, after checking Discord was told it is ephemeral."""
    reply = await bot.reply(token)
    assert (await bot.callback(token)).body["data"].get("flags") == 64
    return reply


async def start_mock(bot: RunningBot) -> dict[str, Any]:
    shown = await private_reply(bot, await bot.command(ALICE, "mock", round="mixed", minutes=10))
    assert "Mock interview: Mixed round, 3 questions in 10 minutes" in text_of(shown)
    assert "Mock question 1 of 3 · 10:00 left." in text_of(shown)
    assert [b["label"] for b in buttons_of(shown)] == ["A", "B", "C"]
    return shown


async def test_a_mock_runs_by_button_modal_and_skip_to_a_private_report(
    timed_bot: RunningBot, clock: FixedClock
) -> None:
    bot = timed_bot
    first = await start_mock(bot)
    clock.advance(minutes=1)
    second = await private_reply(bot, await bot.click(ALICE, buttons_of(first)[0]["custom_id"], first))
    assert "Correct!" in text_of(second) and "+0 points" in text_of(second)
    assert "Mock question 2 of 3 · 9:00 left." in text_of(second) and "Name the optimizer" in text_of(second)
    clock.advance(minutes=2)
    [answer_button] = buttons_of(second)
    opened = await bot.click(ALICE, answer_button["custom_id"], second)
    modal = (await bot.callback(opened)).body
    assert modal["type"] == 9
    third = await private_reply(bot, await bot.submit_modal(ALICE, modal["data"]["custom_id"], "Adam"))
    assert "Correct!" in text_of(third)
    assert "Mock question 3 of 3 · 7:00 left." in text_of(third) and "feature store" in text_of(third)
    report = text_of(await private_reply(bot, await bot.command(ALICE, "skip")))
    assert "Skipped: it counts as not answered" in report
    assert "Mock interview report: Mixed round (all 3 questions done)." in report
    assert "Score: 2 of 3 (67%)." in report
    assert "By topic: ML fundamentals 1/1 · Optimization 1/1 · ML system design 0/1" in report
    assert "Review next: ML system design" in report


async def test_a_mock_answered_after_its_time_ran_out_ends_in_the_report(
    timed_bot: RunningBot, clock: FixedClock
) -> None:
    bot = timed_bot
    first = await start_mock(bot)
    clock.advance(minutes=11)
    late = text_of(await private_reply(bot, await bot.click(ALICE, buttons_of(first)[0]["custom_id"], first)))
    assert "Time ran out 1:00 ago, so that answer was not recorded. Here is your report." in late
    assert "Mock interview report: Mixed round (time ran out after 10 minutes)." in late
    assert "Score: 0 of 3 (0%)." in late and "not reached" in late
    stopped = text_of(await private_reply(bot, await bot.command(ALICE, "mock", round="stop")))
    assert "You have no mock interview running." in stopped
