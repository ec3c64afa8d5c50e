"""Fixtures: the fake Discord, a tiny question bank and the real prepbot Discord client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import PACK, RunningBot, start_bot


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(PACK, encoding="utf-8")
    return folder


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()
    assert not server.rejected, f"Discord would have refused these requests: {server.rejected}"


@pytest.fixture
def settings(tmp_path: Path, content_dir: Path, fake: FakeDiscord) -> Settings:
    return Settings(
        bundled_questions=False,
        content_dir=content_dir,
        database_url="sqlite:///" + str(tmp_path / "t.db"),
        discord_token="fake-token",
        discord_api_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
        admins="discord:700000000000000099",
        _env_file=None,
    )


@pytest.fixture
async def bot(settings: Settings, fake: FakeDiscord) -> AsyncIterator[RunningBot]:
    running = await start_bot(settings, fake)
    yield running
    await running.stop()
