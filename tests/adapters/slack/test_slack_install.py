"""Installing prepbot into several workspaces (OAuth v2), end to end: the real Bolt app over HTTP,
the browser's hops through the mock Slack's authorize page, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
import yaml
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Boolean, Connection, DateTime, Integer, MetaData, String, inspect, text

from adapters.logs import configure_logging
from adapters.runner import pause_on_slack_removals
from adapters.slack.app import EVENTS_PATH, SlackAdapter, create_slack_adapter
from adapters.slack.installs import BOT_SCOPES, NOT_INSTALLED
from bot.bootstrap import Core, build_daily, build_router
from bot.daily.outbox import Outbox
from bot.daily.removals import LostChannels
from bot.daily.service import DailyService
from bot.settings import Settings
from tests.adapters.slack.conftest import running, stop
from tests.adapters.slack.mock_slack import Call, MockSlack
from tests.adapters.slack.slack_client import (
    SIGNING_SECRET,
    SlackSender,
    command_body,
    free_port,
    home_event,
    shown,
)
from tests.adapters.slack.test_slack_removals import paused, save_schedule, until_paused

CLIENT_ID = "1234567890.0987654321"
CLIENT_SECRET = "test-client-secret-42"
COOKIE = "slack-app-oauth-state"
ALPHA, BETA = "T0ALPHA", "T0BETA"
# What each backend reflects, and the generic type slack_sdk declares for it.
_GENERIC = {
    "INTEGER": Integer,
    "VARCHAR": String,
    "DATETIME": DateTime,
    "TIMESTAMP": DateTime,
    "BOOLEAN": Boolean,
}
ADMINS = {ALPHA: "UADMINA", BETA: "UADMINB"}
CHANNELS = {ALPHA: "C0ALPHA", BETA: "C0BETA"}


@dataclass
class Installed:
    mock: MockSlack
    adapter: SlackAdapter
    slack: SlackSender
    daily: DailyService
    base: str
    log: io.StringIO


@pytest.fixture
async def oauth_app(mock_slack: MockSlack, core: Core) -> AsyncIterator[Installed]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        bundled_questions=False,
        content_dir=core.settings.content_dir,
        database_url=core.settings.database_url,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_signing_secret=SIGNING_SECRET,
        slack_redirect_uri=f"{base}/slack/oauth_redirect",
        slack_api_url=mock_slack.api_url,
        http_port=port,
        log_level="DEBUG",
    )
    log = io.StringIO()
    handler = configure_logging(settings, log)
    mock_slack.register_app(CLIENT_ID, CLIENT_SECRET, f"{base}/slack/oauth_redirect")
    for team, name in ((ALPHA, "Alpha"), (BETA, "Beta")):
        mock_slack.add_workspace(team, name)
        mock_slack.add_user(ADMINS[team], f"admin-{name.lower()}", admin=True, team=team)
    outbox = Outbox()
    daily = build_daily(core, outbox)
    adapter = create_slack_adapter(settings, build_router(core, daily))
    outbox.register(adapter.publisher)
    pause_on_slack_removals(adapter, LostChannels(daily.poster))
    task = await running(adapter)
    yield Installed(mock_slack, adapter, SlackSender(mock_slack, base + EVENTS_PATH), daily, base, log)
    await stop(adapter, task)
    logging.getLogger().removeHandler(handler)


async def get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], str, str | None]:
    """One browser hop, redirects not followed: status, headers, page, the state cookie set."""
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
        session.get(url, headers=headers, allow_redirects=False) as response,
    ):
        morsel = response.cookies.get(COOKIE)
        return (
            response.status,
            dict(response.headers),
            await response.text(),
            morsel.value if morsel else None,
        )


async def start_install(app: Installed) -> tuple[str, str]:
    """/slack/install: the authorize URL on Slack and the state cookie the browser keeps."""
    status, headers, _, cookie = await get(app.base + "/slack/install")
    assert status == 302 and cookie
    return headers["Location"], cookie


async def approve(app: Installed, team: str, authorize_url: str) -> str:
    """The workspace admin clicks Allow on Slack's page: the redirect back to prepbot."""
    app.mock.approving_team = team
    status, headers, _, _ = await get(authorize_url)
    assert status == 302
    return headers["Location"]


async def install(app: Installed, team: str) -> tuple[int, str]:
    authorize_url, cookie = await start_install(app)
    status, _, page, _ = await get(await approve(app, team, authorize_url), cookie)
    return status, page


async def run(app: Installed, team: str, text: str, user: str | None = None) -> Call:
    """`/prep <text>` from the workspace: the reply that went back through the response_url."""
    body = command_body(app.mock, text, user=user or ADMINS[team], name="admin", channel=CHANNELS[team])
    body["team_id"] = team
    before = len(app.mock.named("response_url"))
    assert await app.slack.form(body) == (200, "")
    calls = await app.mock.wait_for("response_url", before + 1)
    hook = body["response_url"].rsplit("/", 1)[1]
    return next(c for c in calls if c.headers["hook"] == hook)


async def rows(app: Installed, table: str, team: str | None = None) -> int:
    where = " WHERE team_id = :team" if team else ""
    async with app.adapter.installations.store.engine.connect() as connection:  # type: ignore[union-attr]
        return int(await connection.scalar(text(f"SELECT count(*) FROM {table}{where}"), {"team": team}))


def token_of(app: Installed, team: str) -> str:
    return app.mock.workspaces[team].bot_token


def secrets_in_log(app: Installed) -> list[str]:
    values = [CLIENT_SECRET, *(w.bot_token for w in app.mock.workspaces.values()), *app.mock.codes]
    logged = app.log.getvalue()
    return [value for value in values if value and value in logged]


def uninstalled_event(team: str) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": team,
        "api_app_id": "A0PREP",
        "type": "event_callback",
        "event_id": f"Ev{team}UNINSTALL",
        "event_time": 1700000000,
        "event": {"type": "app_uninstalled"},
    }


async def test_two_workspaces_install_and_each_is_served_with_its_own_token(oauth_app: Installed) -> None:
    app, mock = oauth_app, oauth_app.mock
    authorize_url, _ = await start_install(app)
    asked = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(mock.url + "/oauth/v2/authorize?")
    assert asked["client_id"] == [CLIENT_ID] and asked["redirect_uri"] == [app.base + "/slack/oauth_redirect"]
    assert asked["scope"][0].split(",") == list(BOT_SCOPES)

    for team, name in ((ALPHA, "Alpha"), (BETA, "Beta")):
        status, page = await install(app, team)
        assert status == 200 and f"prepbot is installed in {name}" in page
    assert (await rows(app, "slack_bots", ALPHA), await rows(app, "slack_bots", BETA)) == (1, 1)
    assert await rows(app, "slack_oauth_states") == 1, "used states are gone; the first link was not followed"

    for team in (ALPHA, BETA):
        reply = await run(app, team, "post-now")
        assert "Posted today's question" in shown(reply)
        check = mock.named("users.info")[-1]
        assert check.body["user"] == ADMINS[team] and check.token == token_of(app, team)
        post = (await mock.wait_for("chat.postMessage", 1 + (team == BETA)))[-1]
        assert post.body["channel"] == CHANNELS[team]
        assert post.token == token_of(app, team), "the daily post goes out with the workspace's token"
        assert await app.slack.event(home_event(ADMINS[team]) | {"team_id": team}) == (200, "")
        home = (await mock.wait_for("views.publish", 1 + (team == BETA)))[-1]
        assert home.body["user_id"] == ADMINS[team] and home.token == token_of(app, team)
    assert token_of(app, ALPHA) != token_of(app, BETA)
    assert secrets_in_log(app) == []


async def test_an_uninstall_forgets_that_workspace_only_and_pauses_its_schedules(
    oauth_app: Installed,
) -> None:
    app, mock = oauth_app, oauth_app.mock
    for team in (ALPHA, BETA):
        assert (await install(app, team))[0] == 200
    await save_schedule(app.daily, BETA, "C0BETA")
    await save_schedule(app.daily, ALPHA, "C0ALPHA")
    mock.uninstall(BETA)
    assert await app.slack.event(uninstalled_event(BETA)) == (200, "")
    await until_paused(app.daily, "C0BETA")
    assert not await paused(app.daily, "C0ALPHA")
    assert await rows(app, "slack_bots", BETA) == 0 and await rows(app, "slack_installations", BETA) == 0
    assert await rows(app, "slack_bots", ALPHA) == 1

    calls_before = len(mock.calls)
    refused = await run(app, BETA, "stats")
    assert NOT_INSTALLED in shown(refused)
    assert [c.method for c in mock.calls[calls_before:]] == ["response_url"], "no call with Beta's old token"
    assert "Stats for" in shown(await run(app, ALPHA, "stats"))
    schedule = await app.daily.daily_store.get_schedule("slack", "C0BETA")
    assert schedule is not None and "installs prepbot again at /slack/install" in str(schedule.paused_reason)

    assert (await install(app, BETA))[0] == 200, "a workspace can install prepbot again"
    assert "Stats for" in shown(await run(app, BETA, "stats"))
    assert secrets_in_log(app) == []


async def test_a_revoked_bot_token_forgets_the_installation(oauth_app: Installed) -> None:
    app = oauth_app
    assert (await install(app, ALPHA))[0] == 200
    event = uninstalled_event(ALPHA) | {"event_id": "EvREVOKED"}
    alpha = app.mock.workspaces[ALPHA]
    event["event"] = {
        "type": "tokens_revoked",
        "tokens": {"oauth": [alpha.installer], "bot": [alpha.bot_user]},
    }
    assert await app.slack.event(event) == (200, "")
    async with asyncio.timeout(5):
        while await rows(app, "slack_bots", ALPHA):
            await asyncio.sleep(0.02)
    assert NOT_INSTALLED in shown(await run(app, ALPHA, "stats"))


def test_the_requested_scopes_are_the_manifests() -> None:
    with open("slack-manifest.yml", encoding="utf-8") as manifest:
        assert list(BOT_SCOPES) == yaml.safe_load(manifest)["oauth_config"]["scopes"]["bot"]


async def test_migrations_create_the_tables_slack_sdk_uses(core: Core) -> None:
    expected = MetaData()
    AsyncSQLAlchemyInstallationStore.build_bots_table(expected, "slack_bots")
    AsyncSQLAlchemyInstallationStore.build_installations_table(expected, "slack_installations")
    AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(expected, "slack_oauth_states")

    def columns(connection: Connection, table: str) -> dict[str, tuple[str, bool]]:
        found = inspect(connection).get_columns(table)
        return {c["name"]: (type(c["type"]).__name__, c["nullable"]) for c in found}

    async with core.store.engine.connect() as connection:
        for table in expected.tables.values():
            migrated = await connection.run_sync(columns, table.name)
            assert set(migrated) == {column.name for column in table.columns}, table.name
            for column in table.columns:
                assert migrated[column.name][1] == (column.nullable and not column.primary_key), column
                assert isinstance(column.type, _GENERIC[migrated[column.name][0]]), column
