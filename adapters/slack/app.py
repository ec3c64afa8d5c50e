"""The Slack adapter: a Bolt AsyncApp served over Socket Mode or HTTP (`/slack/events`)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.guards import SeenKeys, retry_deduper
from adapters.slack.handlers import SlackListeners
from adapters.slack.members import AdminCheck
from adapters.slack.publisher import SlackPublisher
from adapters.slack.request_log import log_request
from bot.dispatch import Dispatcher
from bot.settings import Settings

log = logging.getLogger("prepbot.slack")
EVENTS_PATH = "/slack/events"


def web_client(settings: Settings) -> AsyncWebClient:
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    base_url = settings.slack_api_url if settings.slack_api_url.endswith("/") \
        else settings.slack_api_url + "/"
    return AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(), base_url=base_url,
        retry_handlers=[*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=3)])


class SlackAdapter:
    platform = "slack"

    def __init__(self, settings: Settings, app: AsyncApp, publisher: SlackPublisher) -> None:
        self.settings = settings
        self.app = app
        self.publisher = publisher
        self.ready = asyncio.Event()
        self.port: int | None = None
        self._stopped = asyncio.Event()
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None

    @property
    def mode(self) -> str:
        return "socket" if self.settings.slack_app_token is not None else "http"

    @property
    def connected(self) -> bool:
        """Socket Mode: the websocket is open; HTTP mode: the listener is serving."""
        if self._socket is not None:
            client = self._socket.client
            session = client.current_session
            return not client.closed and session is not None and not session.closed
        return self._runner is not None and self.ready.is_set()

    async def start(self) -> None:
        if self.settings.slack_app_token is not None:
            self._socket = AsyncSocketModeHandler(
                self.app, self.settings.slack_app_token.get_secret_value(), web_client=self.app.client)
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack: connected in Socket Mode")
        else:
            await self._serve_http()
        self.ready.set()
        await self._stopped.wait()

    async def _serve_http(self) -> None:
        async def handle(request: web.Request) -> web.Response:
            bolt_response = await self.app.async_dispatch(await to_bolt_request(request))
            return await to_aiohttp_response(bolt_response)

        web_app = web.Application(client_max_size=1024 * 1024)
        web_app.add_routes([web.post(EVENTS_PATH, handle)])
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.http_host, self.settings.http_port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.settings.http_port
        log.info("slack: HTTP mode, serving %s on %s:%s", EVENTS_PATH, self.settings.http_host,
                 self.port)

    async def close(self) -> None:
        self._stopped.set()
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def create_slack_adapter(settings: Settings, dispatcher: Dispatcher) -> SlackAdapter:
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise ValueError("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
    client = web_client(settings)
    secret = settings.slack_signing_secret
    app = AsyncApp(client=client, name="prepbot",
                   signing_secret=secret.get_secret_value() if secret is not None else "",
                   logger=logging.getLogger("prepbot.slack.bolt"))
    app.middleware(log_request)
    app.middleware(retry_deduper(SeenKeys()))
    SlackListeners(dispatcher, AdminCheck(client, settings.admin_ids)).register(app)
    return SlackAdapter(settings, app, SlackPublisher(client))
