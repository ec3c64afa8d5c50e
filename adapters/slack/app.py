"""The Slack adapter: a Bolt AsyncApp served over Socket Mode or HTTP (`/slack/events`, and with
SLACK_CLIENT_ID the install pages of adapters/slack/installs.py)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.connect_logs import RetryLines, retry_line
from adapters.slack.call_metrics import CountErrors
from adapters.slack.deferred import Deferred
from adapters.slack.guards import InstalledTeamOnly, RetryDeduper, SeenKeys
from adapters.slack.handlers import SlackListeners
from adapters.slack.http_guard import log_refusal, refusal
from adapters.slack.installs import NOT_INSTALLED, REINSTALL, Installations, oauth_settings
from adapters.slack.lifecycle import Removal, RemovalListener, register_removal_events
from adapters.slack.members import AdminCheck
from adapters.slack.publisher import SlackPublisher
from adapters.slack.request_log import LogRequest
from adapters.slack.respond import ReplySession
from adapters.slack.user_groups import UserGroups, group_membership
from bot.dispatch import Dispatcher
from bot.ports import Metrics, NoMetrics
from bot.settings import Settings

AUTH_RETRY = 10.0
REPLIES_GRACE = 2.0  # seconds for replies already acknowledged to go out at shutdown
log = logging.getLogger("prepbot.slack")
EVENTS_PATH = "/slack/events"
RETRIES = 2  # per call, by slack_sdk's handlers; the daily outbox's sweep is the only layer above


def web_client(settings: Settings, metrics: Metrics | None = None) -> AsyncWebClient:
    """The client with SLACK_BOT_TOKEN; with SLACK_CLIENT_ID, one without a token (Bolt gives each
    request a copy with its workspace's token)."""
    token = settings.slack_bot_token
    if token is None and not settings.slack_oauth:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    base_url = (
        settings.slack_api_url if settings.slack_api_url.endswith("/") else settings.slack_api_url + "/"
    )
    return AsyncWebClient(
        token=token.get_secret_value() if token is not None else None,
        base_url=base_url,
        retry_handlers=[
            CountErrors(metrics or NoMetrics()),
            AsyncConnectionErrorRetryHandler(max_retry_count=RETRIES),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RETRIES),
            AsyncServerErrorRetryHandler(max_retry_count=RETRIES),
        ],
    )


class SlackAdapter:
    platform = "slack"

    def __init__(
        self,
        settings: Settings,
        app: AsyncApp,
        publisher: SlackPublisher,
        admins: AdminCheck,
        installations: Installations | None = None,
    ) -> None:
        self.installations = installations
        self.settings = settings
        self.app = app
        self.publisher = publisher
        self.admins = admins
        self.team_id: str | None = None
        self.bot_user_id: str | None = None
        self.removal_listener: RemovalListener | None = None
        self.ready = asyncio.Event()
        self.port: int | None = None
        self.routes: list[web.RouteDef] = []  # served beside /slack/events in HTTP mode
        self._stopped = asyncio.Event()
        self._socket: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self.replies = ReplySession()
        self.deferred = Deferred()

    @property
    def mode(self) -> str:
        return "socket" if self.settings.slack_app_token is not None else "http"

    @property
    def connected(self) -> bool:
        """Socket Mode: the websocket is open; HTTP mode: the listener is serving; and Slack
        still accepts the bot token."""
        if self.publisher.token_refused is not None:
            return False
        if self._socket is not None:
            client = self._socket.client
            session = client.current_session
            return not client.closed and session is not None and not session.closed
        return self._runner is not None and self.ready.is_set()

    async def learn_installation(self) -> None:
        """Which workspace the bot token belongs to, and the bot's own user id (auth.test).

        Slack may be out of reach when the bot starts; it asks again every AUTH_RETRY seconds."""
        while True:
            try:
                auth = await self.app.client.auth_test()
                break
            except (OSError, aiohttp.ClientError, TimeoutError) as error:
                log.warning(retry_line("slack", error, AUTH_RETRY))
                await asyncio.sleep(AUTH_RETRY)
        self.team_id = str(auth["team_id"])
        self.bot_user_id = str(auth.get("user_id") or "") or None
        self.admins.team_id = self.team_id
        log.info("slack: installed in team %s as %s", self.team_id, self.bot_user_id)

    async def removed(self, removal: Removal) -> None:
        """The bot can no longer post somewhere; the daily schedules hear of it when they listen."""
        if removal.channel_id is None and self.installations is not None:
            await self.installations.forget(removal.community_id)
            removal = replace(removal, fix=REINSTALL)
        elif removal.channel_id is None:  # uninstalled, or the token was revoked
            self.publisher.token_refused = removal.reason
        where = f"channel {removal.channel_id}" if removal.channel_id else "the whole workspace"
        log.warning(
            "slack: cannot post in %s of team %s any more: %s. Fix: %s",
            where,
            removal.community_id,
            removal.reason,
            removal.fix,
        )
        if self.removal_listener is not None:
            await self.removal_listener(removal)

    async def start(self) -> None:
        if self.installations is None:
            await self.learn_installation()
        if self.settings.slack_app_token is not None:
            self._socket = AsyncSocketModeHandler(
                self.app, self.settings.slack_app_token.get_secret_value(), web_client=self.app.client
            )
            # slack_sdk retries the connection itself, every ping interval, logging a traceback each time.
            interval = float(self._socket.client.ping_interval)
            RetryLines("slack", r"Failed to connect \(error: ", lambda _: interval).attach(
                self._socket.client.logger
            )
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            log.info("slack: connected in Socket Mode")
        else:
            await self._serve_http()
        self.ready.set()
        await self._stopped.wait()

    async def _serve_http(self) -> None:
        secret = self.settings.slack_signing_secret
        verifier = SignatureVerifier(secret.get_secret_value() if secret is not None else "-")

        async def handle(request: web.Request) -> web.Response:
            raw = await request.read()
            headers = {name.lower(): value for name, value in request.headers.items()}
            refused = refusal(raw, headers, verifier)
            if refused is not None:
                log_refusal(refused, request.remote)
                return web.Response(status=refused.status, text="")
            bolt_request = AsyncBoltRequest(
                body=raw.decode("utf-8"), query=request.query_string, headers=dict(request.headers)
            )
            return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))

        web_app = web.Application(client_max_size=1024 * 1024)
        web_app.add_routes([web.post(EVENTS_PATH, handle), *self.routes])
        flow = self.app.oauth_flow
        if flow is not None:

            async def install(request: web.Request) -> web.Response:
                return await to_aiohttp_response(
                    await flow.handle_installation(await to_bolt_request(request))
                )

            async def redirected(request: web.Request) -> web.Response:
                return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

            web_app.add_routes(
                [web.get(flow.install_path, install), web.get(flow.redirect_uri_path, redirected)]
            )
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.http_host, self.settings.http_port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self.settings.http_port
        log.info("slack: HTTP mode, serving %s on %s:%s", EVENTS_PATH, self.settings.http_host, self.port)

    async def close(self) -> None:
        self._stopped.set()
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.deferred.finish(REPLIES_GRACE)
        await self.replies.close()


def _token_unused_notice(record: logging.LogRecord) -> bool:
    """Bolt warns that SLACK_BOT_TOKEN, which it reads by itself, is unused beside our client."""
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def create_slack_adapter(settings: Settings, dispatcher: Dispatcher) -> SlackAdapter:
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise ValueError("Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
    client = web_client(settings, dispatcher.metrics)
    secret = settings.slack_signing_secret
    bolt_log = logging.getLogger("prepbot.slack.bolt")
    if _token_unused_notice not in bolt_log.filters:
        bolt_log.addFilter(_token_unused_notice)
    installations = None
    if settings.slack_oauth:
        installations = Installations.in_database(settings, dispatcher.database, client, bolt_log)
    app = AsyncApp(
        client=client,
        name="prepbot",
        signing_secret=secret.get_secret_value() if secret is not None else "",
        logger=bolt_log,
        oauth_settings=oauth_settings(settings, installations, bolt_log) if installations else None,
        user_facing_authorize_error_message=NOT_INSTALLED,
        process_before_response=True,  # listeners ack, then defer their work (adapters/slack/deferred.py)
        # Every HTTP request is verified once, on its raw body, before Bolt sees it
        # (adapters/slack/http_guard.py); Socket Mode requests need no signature.
        request_verification_enabled=False,
    )
    clients = installations.client_for if installations is not None else None
    communities = dispatcher.communities
    communities.roles["slack"] = UserGroups(client)
    admins = AdminCheck(
        client, settings.admin_ids, group_membership(client, communities.admin_role), team_client=clients
    )
    adapter = SlackAdapter(settings, app, SlackPublisher(client, team_client=clients), admins, installations)
    app.middleware(LogRequest())
    app.middleware(InstalledTeamOnly(lambda: adapter.team_id))
    app.middleware(RetryDeduper(SeenKeys()))
    listeners = SlackListeners(dispatcher, admins, adapter.replies, images=settings.images)
    listeners.register(app)
    adapter.deferred = listeners.deferred
    register_removal_events(app, lambda: adapter.bot_user_id, adapter.removed)
    return adapter
