"""Installing prepbot into several workspaces: Slack's OAuth v2 flow
(https://api.slack.com/authentication/oauth-v2) served at /slack/install and /slack/oauth_redirect,
with installations and one-time states in prepbot's database (slack_sdk's SQLAlchemy stores on the
core's engine; the tables come from migration 0010), and each workspace's own bot token for
every call made on its behalf.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import UTC, datetime
from typing import Any

from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions, AsyncFailureArgs, AsyncSuccessArgs
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import desc, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.ports import PostRefused
from bot.settings import Settings

log = logging.getLogger("prepbot.slack")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # an install link works for ten minutes, once
# oauth_config.scopes.bot of slack-manifest.yml (tests/adapters/slack/test_slack_install.py checks)
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "channels:read",
    "groups:read",
    "channels:history",
    "groups:history",
    "im:write",
    "files:write",
    "usergroups:read",
)
NOT_INSTALLED = "prepbot is not installed in this workspace any more. A workspace admin can install it again."
REINSTALL = "A workspace admin installs prepbot again at /slack/install."
START_AGAIN = "Start again from the install link."
FAILURES = {
    "invalid_browser": "This page was not opened from the browser that started the installation, or the "
    "link is incomplete.",
    "invalid_state": "This installation link has expired or was already used.",
    "missing_code": "Slack did not send an authorisation code.",
    "invalid_code": "Slack refused to complete the installation (the code has expired or was already used).",
    "storage_error": "The installation could not be saved. Please try again in a minute.",
    "access_denied": "The installation was cancelled in Slack.",
}
SLACK_ERROR = re.compile(r"'error': '([a-z_]{1,60})'")


class StateStore(AsyncSQLAlchemyOAuthStateStore):
    """Issuing a state first deletes the expired ones: abandoned installs leave nothing behind."""

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        now = datetime.now(UTC).replace(tzinfo=None)
        async with self.engine.begin() as connection:
            await connection.execute(self.oauth_states.delete().where(self.oauth_states.c.expire_at <= now))
        return await super().async_issue(*args, **kwargs)


class Installations:
    """The workspaces prepbot is installed in, and a Web API client with each one's bot token."""

    def __init__(self, store: AsyncSQLAlchemyInstallationStore, client: AsyncWebClient) -> None:
        self.store = store
        self.client = client

    @classmethod
    def in_database(
        cls, settings: Settings, engine: AsyncEngine, client: AsyncWebClient, logger: logging.Logger
    ) -> Installations:
        assert settings.slack_client_id is not None
        return cls(AsyncSQLAlchemyInstallationStore(settings.slack_client_id, engine, logger=logger), client)

    async def bot_token(self, team_id: str) -> str | None:
        """The newest bot token of the workspace (an Enterprise Grid one included)."""
        bots = self.store.bots.c
        query = (
            select(bots.bot_token)
            .where(
                bots.client_id == self.store.client_id, bots.team_id == team_id, bots.bot_token.is_not(None)
            )
            .order_by(desc(bots.installed_at))
            .limit(1)
        )
        async with self.store.engine.connect() as connection:
            return await connection.scalar(query)

    async def client_for(self, team_id: str) -> AsyncWebClient:
        token = await self.bot_token(team_id)
        if token is None:
            raise PostRefused("prepbot is not installed in the workspace", REINSTALL)
        base = self.client
        return AsyncWebClient(
            token=token,
            base_url=base.base_url,
            timeout=base.timeout,
            retry_handlers=list(base.retry_handlers),
        )

    async def forget(self, team_id: str) -> None:
        """Uninstalled, or its bot token revoked: the workspace's tokens are deleted."""
        async with self.store.engine.begin() as connection:
            for table in (self.store.bots, self.store.installations):
                await connection.execute(
                    table.delete().where(
                        table.c.client_id == self.store.client_id, table.c.team_id == team_id
                    )
                )
        log.info("slack: forgot the installation of team %s", team_id)


def authorization_url(api_url: str) -> str:
    """Slack's authorize page beside its Web API: https://slack.com/oauth/v2/authorize."""
    return api_url.rstrip("/").removesuffix("/api") + "/oauth/v2/authorize"


def page(title: str, text: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )


async def installed(args: AsyncSuccessArgs) -> BoltResponse:
    team = args.installation.team_name or args.installation.team_id or "your workspace"
    log.info("slack: installed in team %s", args.installation.team_id)
    return BoltResponse(
        status=200,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion(),
        },
        body=page("prepbot is installed", f"prepbot is installed in {team}. Type /prep help in any channel."),
    )


async def refused(args: AsyncFailureArgs) -> BoltResponse:
    reason = args.reason if args.reason in FAILURES else "other"
    log.warning(
        "slack install refused: %s", reason if reason != "other" else f"Slack said {args.reason[:40]!r}"
    )
    text = FAILURES.get(reason, "Slack reported an error and prepbot was not installed.")
    status = args.suggested_status_code if args.suggested_status_code >= 400 else 400
    return BoltResponse(
        status=status,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Set-Cookie": args.settings.state_utils.build_set_cookie_for_deletion(),
        },
        body=page("prepbot was not installed", f"{text} {START_AGAIN}"),
    )


def without_codes(record: logging.LogRecord) -> bool:
    """Bolt logs a refused code exchange with the code itself; only Slack's error code is kept."""
    message = record.getMessage()
    if message.startswith("Failed to fetch oauth.v2.access result"):
        found = SLACK_ERROR.search(message)
        record.msg = f"oauth.v2.access refused the code: {found.group(1) if found else 'no answer'}"
        record.args = None
    return True


def oauth_settings(
    settings: Settings, installations: Installations, logger: logging.Logger
) -> AsyncOAuthSettings:
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    engine = installations.store.engine
    if without_codes not in logger.filters:
        logger.addFilter(without_codes)
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,
        authorization_url=authorization_url(settings.slack_api_url),
        callback_options=AsyncCallbackOptions(success=installed, failure=refused),
        installation_store=installations.store,
        installation_store_bot_only=True,
        state_store=StateStore(expiration_seconds=STATE_SECONDS, engine=engine, logger=logger),
        state_expiration_seconds=STATE_SECONDS,
        logger=logger,
    )
