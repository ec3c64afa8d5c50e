"""The `connected` flag each adapter gives the health heartbeat, on the real discord.py client."""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import PACK, start_bot


async def test_discord_is_connected_once_ready_and_not_after_close(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "tiny.yaml").write_text(PACK, encoding="utf-8")
    fake = FakeDiscord()
    await fake.start()
    try:
        settings = Settings(
            bundled_questions=False,
            content_dir=content,
            database_url=f"sqlite:///{tmp_path / 't.db'}",
            discord_token="fake-token",
            discord_api_url=fake.api_url,
            discord_gateway_url=fake.gateway_url,
            _env_file=None,
        )
        running = await start_bot(settings, fake)
        assert running.adapter.connected
        await running.stop()
        assert not running.adapter.connected
    finally:
        await fake.stop()
