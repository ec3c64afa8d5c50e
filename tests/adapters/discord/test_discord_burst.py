"""1,000 members click one daily post at once, through discord.py against the fake gateway:
every click is recorded once and every member sees their feedback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.settings import Settings
from tests.adapters.discord.fake_discord import WAIT, Call, FakeDiscord, FakeUser
from tests.adapters.discord.harness import PACK, RunningBot, buttons_of, start_bot, text_of
from tests.adapters.discord.test_discord_daily import post_now

MEMBERS = 1000
FIRST_MEMBER_ID = 710000000000000000

pytestmark = pytest.mark.slow


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """Only the multiple-choice question, so the daily post is answered by a click."""
    folder = tmp_path / "choice-only"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(PACK.split("  - id: adam-optimizer")[0], encoding="utf-8")
    return folder


@pytest.fixture
def settings(tmp_path: Path, content_dir: Path, fake: FakeDiscord, database_url: str) -> Settings:
    return Settings(
        bundled_questions=False,
        content_dir=content_dir,
        database_url=database_url,
        discord_token="fake-token",
        discord_api_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
        admins="discord:700000000000000099",
        _env_file=None,
    )


@pytest.fixture
async def daily_bot(settings: Settings, fake: FakeDiscord) -> AsyncIterator[RunningBot]:
    running = await start_bot(settings, fake, daily="real")
    yield running
    await running.stop()


def feedback_by_token(fake: FakeDiscord, tokens: set[str]) -> dict[str, list[Call]]:
    """The replies with embeds sent for each interaction token."""
    replies: dict[str, list[Call]] = {token: [] for token in tokens}
    for call in fake.calls:
        if call.path.startswith("/webhooks/") and call.data.get("embeds"):
            token = call.path.split("/")[3]
            if token in replies:
                replies[token].append(call)
    return replies


async def wait_for_feedback(fake: FakeDiscord, tokens: set[str]) -> dict[str, list[Call]]:
    """Every token's reply; fails when WAIT seconds pass without any new call to Discord."""
    loop = asyncio.get_running_loop()
    seen, since = len(fake.calls), loop.time()
    while True:
        replies = feedback_by_token(fake, tokens)
        if all(replies.values()):
            return replies
        if len(fake.calls) > seen:
            seen, since = len(fake.calls), loop.time()
        answered = sum(1 for calls in replies.values() if calls)
        assert loop.time() - since < WAIT, f"{answered} of {len(tokens)} replied"
        await asyncio.sleep(0.1)


async def test_a_burst_of_clicks_is_recorded_once_and_every_member_sees_feedback(
    daily_bot: RunningBot, fake: FakeDiscord
) -> None:
    post = await post_now(daily_bot)
    choices = [button["custom_id"] for button in buttons_of(post)]
    members = [FakeUser(FIRST_MEMBER_ID + n, f"member{n}") for n in range(MEMBERS)]
    tokens = [
        await daily_bot.click(member, choices[n % len(choices)], post) for n, member in enumerate(members)
    ]
    replies = await wait_for_feedback(fake, set(tokens))
    assert all(len(calls) == 1 and "points" in text_of(calls[0].data) for calls in replies.values())
    async with daily_bot.store.engine.connect() as conn:
        recorded = (
            await conn.execute(
                text(
                    "SELECT m.user_id, count(*) AS n FROM attempts a JOIN members m ON m.id = a.member_id "
                    "WHERE a.post_id IS NOT NULL GROUP BY m.user_id"
                )
            )
        ).all()
    assert {row.user_id: row.n for row in recorded} == {str(member.id): 1 for member in members}
