"""The scheduler's publisher: posts a daily question to a channel and edits it on reveal."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Channel
from bot.replies import OptionCount, QuestionCard, Reveal
from tests.adapters.discord.fake_discord import CHANNEL_ID, GUILD_ID
from tests.adapters.discord.harness import RunningBot, buttons_of, text_of

NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
CHANNEL = Channel(platform="discord", community_id=str(GUILD_ID), channel_id=str(CHANNEL_ID))
CARD = QuestionCard(
    question_id="bias-variance",
    kind="choice",
    topic="fundamentals",
    topic_title="ML fundamentals",
    difficulty="easy",
    prompt="Which reduces variance?",
    options=("More data", "Deeper tree", "Less data"),
    post_id=42,
    answered_count=0,
    private=False,
)
REVEAL = Reveal(
    question_id="bias-variance",
    topic_title="ML fundamentals",
    difficulty="easy",
    prompt="Which reduces variance?",
    correct_answer="A) More data",
    explanation="Averaging.",
    answered_count=3,
    correct_count=2,
    distribution=(OptionCount("A", 2, True), OptionCount("B", 1)),
    top=(),
    post_id=42,
)


async def test_post_then_edit_a_channel_message(bot: RunningBot) -> None:
    publisher = bot.adapter.publisher
    assert publisher.platform == "discord"
    message_id = await publisher.post(CHANNEL, CARD)
    [posted] = bot.fake.find(lambda c: c.method == "POST" and c.path == f"/channels/{CHANNEL_ID}/messages")
    assert "Which reduces variance?" in text_of(posted.body)
    assert [b["custom_id"] for b in buttons_of(posted.body)] == [
        "prep:ans:42:bias-variance:A",
        "prep:ans:42:bias-variance:B",
        "prep:ans:42:bias-variance:C",
    ]
    assert posted.body["allowed_mentions"] == {"parse": []}

    await publisher.edit(CHANNEL, message_id, REVEAL)
    [edited] = bot.fake.find(
        lambda c: c.method == "PATCH" and c.path == f"/channels/{CHANNEL_ID}/messages/{message_id}"
    )
    assert "A) More data" in text_of(edited.body) and "2/3 correct" in text_of(edited.body)
    assert edited.body["components"] == []
    assert edited.body["allowed_mentions"] == {"parse": []}


async def test_a_daily_post_is_sent_with_its_nonce_and_found_again(bot: RunningBot) -> None:
    publisher = bot.adapter.publisher
    assert await publisher.find_post(CHANNEL, 42, NOW) is None  # type: ignore[attr-defined]
    message_id = await publisher.post(CHANNEL, CARD)
    [posted] = bot.fake.find(lambda c: c.method == "POST" and c.path == f"/channels/{CHANNEL_ID}/messages")
    assert posted.body["nonce"] == "prepbot:42" and posted.body["enforce_nonce"] is True
    await publisher.post(CHANNEL, REVEAL)  # a later message in the channel
    assert await publisher.find_post(CHANNEL, 42, NOW) == message_id  # type: ignore[attr-defined]
    assert await publisher.find_post(CHANNEL, 43, NOW) is None  # type: ignore[attr-defined]
    assert await publisher.post(CHANNEL, CARD) == message_id  # Discord dedupes by nonce
