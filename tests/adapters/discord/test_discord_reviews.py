"""Reviews, again, skip and weak spots through the real discord.py client and the fake Discord."""

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


async def said(bot: RunningBot, *path: str, **options: str) -> dict[str, Any]:
    """The reply to `/prep <path>`, with `private` set when Discord was told it is ephemeral."""
    token = await bot.command(ALICE, *path, **options)
    reply = await bot.reply(token)
    return reply | {"private": (await bot.callback(token)).body["data"].get("flags") == 64}


async def test_a_missed_question_comes_back_in_review_and_is_answered_by_button(
    timed_bot: RunningBot, clock: FixedClock
) -> None:
    bot = timed_bot
    card = await said(bot, "quiz", topic="fundamentals")
    wrong = await bot.click(ALICE, buttons_of(card)[1]["custom_id"], card)
    assert "Not quite." in text_of(await bot.reply(wrong))
    clock.advance(days=1)
    review = await said(bot, "review")
    assert len(review["embeds"]) == 2 and review["private"]
    assert "Review: 1 question due now" in text_of(review) and "reduces variance" in text_of(review)
    assert [b["label"] for b in buttons_of(review)] == ["A", "B", "C"]
    right = await bot.click(ALICE, buttons_of(review)[0]["custom_id"], review)
    answered = await bot.reply(right)
    assert "Correct!" in text_of(answered) and "No points" in text_of(answered)
    assert "That was your last review due. The next one falls due in " in text_of(answered)
    stats = text_of(await said(bot, "stats"))
    assert "Weakest topics" in stats and "ML fundamentals: about 50%" in stats
    assert "Reviews due\n0" in stats


async def test_again_skip_and_a_replaced_question(timed_bot: RunningBot) -> None:
    bot = timed_bot
    first = await said(bot, "quiz", topic="optimization")
    assert "Name the optimizer" in text_of(await said(bot, "again"))
    replaced = await said(bot, "quiz", topic="fundamentals")
    assert "This replaces your open question" in text_of(replaced)
    assert "reduces variance" in text_of(replaced) and buttons_of(replaced)
    skipped = text_of(await said(bot, "skip"))
    assert "Skipped" in skipped and "comes back in /prep review in 10 minutes" in skipped
    assert "Name the optimizer" in text_of(first)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("review", "Nothing is due for review."),
        ("skip", "You have no open question to skip."),
        ("again", "You have no open question to show again."),
    ],
)
async def test_nothing_due_or_open_gets_a_clear_private_reply(
    timed_bot: RunningBot, path: str, expected: str
) -> None:
    reply = await said(timed_bot, path)
    assert expected in text_of(reply) and reply["private"]


async def test_quiz_weak_is_a_topic_choice(timed_bot: RunningBot) -> None:
    reply = await said(timed_bot, "quiz", topic="weak")
    assert "no weak spot to aim at" in text_of(reply) and buttons_of(reply) is not None
