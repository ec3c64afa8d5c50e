"""The Discord clients benchmarks/discord_clicks.py measures, each in its own process.

    python -m benchmarks.discord_servers bot|floor API_URL GATEWAY_URL FOLDER [DATABASE_URL]

`bot` is prepbot's Discord adapter (the real discord.py client) on the whole core, as
`prepbot run` builds it; `floor` is a bare discord.py client that defers every interaction and
edits the placeholder into a constant embed. Both connect to the fake Discord at the URLs given
and print `ready` once the gateway has sent READY. BENCH_PROFILE=file writes a cProfile of the
client, as for benchmarks/click_servers.py.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any

import discord
import yarl

FEEDBACK = discord.Embed(title="Correct!", description="Synthetic.", colour=0x2E7D32)
TOKEN = "bench-token"


def point_at(api_url: str, gateway_url: str) -> None:
    discord.http.Route.BASE = api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class Floor(discord.Client):
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.edit_original_response(embed=FEEDBACK)

    async def on_ready(self) -> None:
        print("ready", flush=True)


async def serve_floor(api_url: str, gateway_url: str) -> None:
    point_at(api_url, gateway_url)
    client = Floor(intents=discord.Intents.default(), allowed_mentions=discord.AllowedMentions.none())
    await client.start(TOKEN)


async def serve_bot(api_url: str, gateway_url: str, folder: Path, database_url: str | None) -> None:
    from adapters.discord.app import create_discord_adapter
    from adapters.logs import configure_logging
    from bot.bootstrap import bootstrap
    from bot.settings import Settings

    settings = Settings(
        bundled_questions=False,
        content_dir=str(folder / "content"),
        database_url=database_url or f"sqlite:///{folder / 'bot.db'}",
        discord_token=TOKEN,
        discord_api_url=api_url,
        discord_gateway_url=gateway_url,
        images=False,
        log_level="INFO",
        health_file=folder / "heartbeat.json",
        _env_file=None,
    )
    configure_logging(settings, stream=open(folder / "bot.log", "w"))  # noqa: SIM115 - lives with the process
    app = await bootstrap(settings)
    adapter = create_discord_adapter(settings, app.dispatcher)
    app.outbox.register(adapter.publisher)
    serving = asyncio.create_task(adapter.start())
    ready = asyncio.create_task(adapter.client.ready.wait())
    await asyncio.wait({serving, ready}, return_when=asyncio.FIRST_COMPLETED)
    if serving.done():
        serving.result()
    print("ready", flush=True)
    await serving


def main(argv: list[str]) -> None:
    if os.environ.get("BENCH_PROFILE"):
        from benchmarks.click_servers import profiled

        profiled(os.environ["BENCH_PROFILE"])
    which, api_url, gateway_url, folder = argv[0], argv[1], argv[2], Path(argv[3])
    database_url = argv[4] if len(argv) > 4 else None
    if which == "floor":
        logging.disable(logging.WARNING)
        asyncio.run(serve_floor(api_url, gateway_url))
    else:
        asyncio.run(serve_bot(api_url, gateway_url, folder, database_url))


if __name__ == "__main__":
    main(sys.argv[1:])
