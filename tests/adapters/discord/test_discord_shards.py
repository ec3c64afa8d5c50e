"""Sharding: a process configured with DISCORD_SHARD_COUNT / DISCORD_SHARD_IDS runs those shards."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from adapters.discord.app import ShardedPrepClient
from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import ALICE, RunningBot, start_bot, text_of


async def _no_identify_pause(self: ShardedPrepClient, shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py waits 5 s before each further shard's IDENTIFY (Discord's identify rate limit);
    the fake has no such limit."""


async def test_process_identifies_with_its_configured_shards(
    settings: Settings, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ShardedPrepClient, "before_identify_hook", _no_identify_pause)
    sharded = Settings(
        **{**settings.model_dump(), "discord_shard_count": 4, "discord_shard_ids": "1, 3"}, _env_file=None
    )
    running = await start_bot(sharded, fake)
    try:
        assert [identify.get("shard") for identify in fake.identifies] == [[1, 4], [3, 4]]
        assert running.adapter.client.shard_ids == [1, 3]
        token = await running.command(ALICE, "help")
        assert "/prep quiz" in text_of(await running.reply(token))
    finally:
        await running.stop()


async def test_unsharded_process_identifies_once_without_a_shard(bot: RunningBot) -> None:
    assert [identify.get("shard") for identify in bot.fake.identifies] == [None]


@pytest.mark.parametrize(
    ("count", "ids", "shards"), [("", "", None), ("2", "", (0, 1)), ("4", "3,1", (3, 1)), ("1", " 0 ", (0,))]
)
def test_shard_settings(
    monkeypatch: pytest.MonkeyPatch, count: str, ids: str, shards: tuple[int, ...] | None
) -> None:
    monkeypatch.setenv("DISCORD_SHARD_COUNT", count)
    monkeypatch.setenv("DISCORD_SHARD_IDS", ids)
    assert Settings(_env_file=None).discord_shards == shards


@pytest.mark.parametrize(
    ("count", "ids", "problem"),
    [
        ("0", "", "greater than or equal to 1"),
        ("", "0", "needs DISCORD_SHARD_COUNT"),
        ("2", "2", "from 0 to 1"),
        ("2", "1,1", "distinct"),
        ("2", "one", "comma-separated"),
        ("2", "-1", "comma-separated"),
    ],
)
def test_invalid_shard_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, count: str, ids: str, problem: str
) -> None:
    monkeypatch.setenv("DISCORD_SHARD_COUNT", count)
    monkeypatch.setenv("DISCORD_SHARD_IDS", ids)
    with pytest.raises(ValidationError, match=problem):
        Settings(_env_file=None)
