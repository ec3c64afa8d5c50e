"""A callback that must not install prepbot: a clear error page (4xx), nothing stored, and no
token, secret or code in the log."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import text

from tests.adapters.slack.slack_client import shown
from tests.adapters.slack.test_slack_install import (
    ALPHA,
    CLIENT_SECRET,
    Installed,
    approve,
    get,
    install,
    rows,
    run,
    secrets_in_log,
    start_install,
    uninstalled_event,
)
from tests.adapters.slack.test_slack_install import oauth_app as oauth_app  # the fixture


def with_query(url: str, **changes: str | None) -> str:
    """The callback URL with some parameters replaced (None: removed)."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"


async def nothing_installed(app: Installed) -> bool:
    return await rows(app, "slack_bots") == 0 and await rows(app, "slack_installations") == 0


def refused(status: int, page: str, expected: str) -> bool:
    return 400 <= status < 500 and "prepbot was not installed" in page and expected in page


async def test_a_callback_without_a_state_is_refused(oauth_app: Installed) -> None:
    authorize_url, cookie = await start_install(oauth_app)
    callback = await approve(oauth_app, ALPHA, authorize_url)
    status, _, page, _ = await get(with_query(callback, state=None), cookie)
    assert refused(status, page, "not opened from the browser that started the installation")
    assert oauth_app.mock.exchanges == [], "the code is never exchanged"
    assert await nothing_installed(oauth_app)


@pytest.mark.parametrize("with_cookie", [True, False], ids=["cookie-set-to-match", "no-cookie"])
async def test_a_forged_state_is_refused(oauth_app: Installed, with_cookie: bool) -> None:
    authorize_url, _ = await start_install(oauth_app)
    callback = with_query(await approve(oauth_app, ALPHA, authorize_url), state="forged-state")
    status, _, page, _ = await get(callback, "forged-state" if with_cookie else None)
    expected = "expired or was already used" if with_cookie else "not opened from the browser"
    assert refused(status, page, expected)
    assert oauth_app.mock.exchanges == []
    assert await nothing_installed(oauth_app)


async def test_an_expired_state_is_refused(oauth_app: Installed) -> None:
    authorize_url, cookie = await start_install(oauth_app)
    callback = await approve(oauth_app, ALPHA, authorize_url)
    async with oauth_app.adapter.installations.store.engine.begin() as connection:  # type: ignore[union-attr]
        await connection.execute(
            text("UPDATE slack_oauth_states SET expire_at = :past"), {"past": datetime(2020, 1, 1)}
        )
    status, _, page, _ = await get(callback, cookie)
    assert refused(status, page, "This installation link has expired or was already used.")
    assert oauth_app.mock.exchanges == []
    assert await nothing_installed(oauth_app)
    await start_install(oauth_app)
    assert await rows(oauth_app, "slack_oauth_states") == 1, "a new link clears the expired ones"


async def test_a_replayed_callback_installs_nothing_more(oauth_app: Installed) -> None:
    authorize_url, cookie = await start_install(oauth_app)
    callback = await approve(oauth_app, ALPHA, authorize_url)
    assert (await get(callback, cookie))[0] == 200
    token = oauth_app.mock.workspaces[ALPHA].bot_token
    status, _, page, _ = await get(callback, cookie)
    assert refused(status, page, "expired or was already used")
    assert len(oauth_app.mock.exchanges) == 1, "the replayed code never reaches Slack"
    assert await rows(oauth_app, "slack_bots") == 1
    assert oauth_app.mock.workspaces[ALPHA].bot_token == token
    assert secrets_in_log(oauth_app) == []


@pytest.mark.parametrize(
    ("spoil", "slack_error"),
    [("code", "invalid_code"), ("secret", "bad_client_secret"), ("redirect", "bad_redirect_uri")],
)
async def test_an_oauth_access_error_is_shown_and_logged_without_secrets(
    oauth_app: Installed, spoil: str, slack_error: str
) -> None:
    mock = oauth_app.mock
    authorize_url, cookie = await start_install(oauth_app)
    callback = await approve(oauth_app, ALPHA, authorize_url)
    if spoil == "code":
        callback = with_query(callback, code="1700000000.forgedcode")
    elif spoil == "secret":
        mock.apps[next(iter(mock.apps))].client_secret = "rotated-" + CLIENT_SECRET
    else:
        code = parse_qs(urlsplit(callback).query)["code"][0]
        mock.codes[code].redirect_uri = "https://elsewhere.example/slack/oauth_redirect"
    status, _, page, _ = await get(callback, cookie)
    assert refused(status, page, "Slack refused to complete the installation")
    assert [e["error"] for e in mock.exchanges] == [slack_error]
    assert await nothing_installed(oauth_app)
    logged = oauth_app.log.getvalue()
    assert f"oauth.v2.access refused the code: {slack_error}" in logged
    assert secrets_in_log(oauth_app) == [] and "forgedcode" not in logged


async def test_an_install_cancelled_in_slack_says_so(oauth_app: Installed) -> None:
    authorize_url, cookie = await start_install(oauth_app)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    url = f"{oauth_app.base}/slack/oauth_redirect?{urlencode({'error': 'access_denied', 'state': state})}"
    status, _, page, _ = await get(url, cookie)
    assert refused(status, page, "The installation was cancelled in Slack.")
    assert await nothing_installed(oauth_app)
    assert (await install(oauth_app, ALPHA))[0] == 200, "a new attempt still works"


async def test_a_hostile_error_parameter_is_escaped(oauth_app: Installed) -> None:
    url = f"{oauth_app.base}/slack/oauth_redirect?{urlencode({'error': '<script>alert(1)</script>'})}"
    status, _, page, _ = await get(url)
    assert refused(status, page, "Slack reported an error")
    assert "<script>" not in page


async def test_a_revoked_user_token_keeps_the_installation(oauth_app: Installed) -> None:
    assert (await install(oauth_app, ALPHA))[0] == 200
    installer = oauth_app.mock.workspaces[ALPHA].installer
    event = uninstalled_event(ALPHA) | {"event_id": "EvUSERTOKEN"}
    event["event"] = {"type": "tokens_revoked", "tokens": {"oauth": [installer], "bot": []}}
    assert await oauth_app.slack.event(event) == (200, "")
    assert "Stats for" in shown(await run(oauth_app, ALPHA, "stats"))
    assert await rows(oauth_app, "slack_bots", ALPHA) == 1
