"""The servers benchmarks/clicks.py measures, each in its own process.

    python -m benchmarks.click_servers bot|floor PORT SLACK_API_URL FOLDER [DATABASE_URL]

`bot` is prepbot's Slack adapter in HTTP mode on the core; `floor` is a minimal Bolt app that
acknowledges every command and click and replies with a constant, served the same way.
Prints `ready` once it accepts requests.
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import build_router
from tests.adapters.slack.slack_client import SIGNING_SECRET

BOT_TOKEN = "xoxb-bench-token"


async def serve_floor(port: int, api_url: str) -> None:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    app = AsyncApp(signing_secret=SIGNING_SECRET, client=client)

    async def reply(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond({"text": "Correct!", "response_type": "ephemeral", "replace_original": False})

    app.command("/prep")(reply)
    app.action(re.compile(".*"))(reply)

    async def handle(request: web.Request) -> web.Response:
        raw = await request.read()
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"), query=request.query_string, headers=dict(request.headers)
        )
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.add_routes([web.post("/slack/events", handle)])
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


async def serve_bot(port: int, api_url: str, folder: Path, database_url: str | None) -> None:
    from adapters.logs import configure_logging
    from adapters.slack.app import create_slack_adapter
    from bot.bootstrap import build_core
    from bot.settings import Settings

    settings = Settings(
        bundled_questions=False,
        content_dir=str(folder / "content"),
        database_url=database_url or f"sqlite:///{folder / 'bot.db'}",
        slack_bot_token=BOT_TOKEN,
        slack_app_token=None,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=api_url,
        http_port=port,
        images=False,
        log_level="INFO",
        health_file=folder / "heartbeat.json",
    )
    configure_logging(settings, stream=open(folder / "bot.log", "w"))  # noqa: SIM115 - lives with the process
    core = await build_core(settings)
    adapter = create_slack_adapter(settings, build_router(core))
    gc.freeze()  # as `prepbot run` does once started (adapters/runner.py)
    serving = asyncio.create_task(adapter.start())
    await adapter.ready.wait()
    print("ready", flush=True)
    await serving


def profiled(path: str) -> None:
    """With BENCH_PROFILE=path, the server's main thread is profiled until SIGTERM."""
    profile = cProfile.Profile()

    def dump(*_: object) -> None:
        profile.disable()
        profile.dump_stats(path)
        os._exit(0)

    signal.signal(signal.SIGTERM, dump)
    profile.enable()


def main(argv: list[str]) -> None:
    if os.environ.get("BENCH_PROFILE"):
        profiled(os.environ["BENCH_PROFILE"])
    which, port, api_url, folder = argv[0], int(argv[1]), argv[2], Path(argv[3])
    database_url = argv[4] if len(argv) > 4 else None
    logging.disable(logging.WARNING) if which == "floor" else None
    work: Any = (
        serve_floor(port, api_url) if which == "floor" else serve_bot(port, api_url, folder, database_url)
    )
    asyncio.run(work)


if __name__ == "__main__":
    main(sys.argv[1:])
