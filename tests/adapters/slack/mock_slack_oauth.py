"""The mock Slack's side of installing an app (OAuth v2), as strict as Slack documents it.

- The authorize page (https://api.slack.com/authentication/oauth-v2#asking): `client_id` must be
  a known app, `scope` non-empty, and `redirect_uri`, when given, one of the app's Redirect URLs
  (else the browser sees an error and nothing is issued); the approving user's workspace gets a
  code, sent to the redirect URL with the `state` untouched.
- oauth.v2.access (https://api.slack.com/methods/oauth.v2.access): client credentials by HTTP
  Basic auth or form fields; a code works once and for ten minutes; `redirect_uri` must be the
  one given on the authorize page, if one was. Errors: invalid_client_id, bad_client_secret,
  invalid_code, bad_redirect_uri. The answer carries the team, the bot token and user, the scopes.
- Tokens: every Web API call after an install is checked against the tokens issued; a token of an
  uninstalled app answers token_revoked (https://api.slack.com/methods/auth.test#errors).
"""

from __future__ import annotations

import base64
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

CODE_SECONDS = 600


@dataclass
class SlackAppConfig:
    client_id: str
    client_secret: str
    redirect_urls: list[str]
    app_id: str = "A0PREP"


@dataclass
class Workspace:
    team_id: str
    name: str
    installer: str
    bot_user: str
    bot_token: str = ""
    uninstalled: bool = False


@dataclass
class IssuedCode:
    team_id: str
    client_id: str
    scopes: str
    redirect_uri: str | None
    issued: float = field(default_factory=time.monotonic)
    used: bool = False


class SlackOAuth:
    """Mixed into MockSlack."""

    def _init_oauth(self) -> None:
        self.apps: dict[str, SlackAppConfig] = {}
        self.workspaces: dict[str, Workspace] = {}
        self.codes: dict[str, IssuedCode] = {}
        self.approving_team: str | None = None  # whose admin clicks "Allow" on the authorize page
        self.exchanges: list[dict[str, Any]] = []  # oauth.v2.access requests, with their error
        self._serial = itertools.count(1)

    def register_app(self, client_id: str, client_secret: str, redirect_url: str) -> None:
        self.apps[client_id] = SlackAppConfig(client_id, client_secret, [redirect_url])

    def add_workspace(self, team_id: str, name: str) -> Workspace:
        number = next(self._serial)
        workspace = Workspace(team_id, name, installer=f"UINSTALL{number}", bot_user=f"UBOT{number}")
        self.workspaces[team_id] = workspace
        return workspace

    def uninstall(self, team_id: str) -> None:
        """The workspace removes the app: its tokens stop working."""
        self.workspaces[team_id].uninstalled = True

    def team_of_token(self, token: str) -> Workspace | None:
        return next((w for w in self.workspaces.values() if token and w.bot_token == token), None)

    def token_problem(self, token: str) -> str | None:
        """Slack's answer to a call with an issued token that no longer works."""
        workspace = self.team_of_token(token)
        return "token_revoked" if workspace is not None and workspace.uninstalled else None

    async def _authorize(self, request: web.Request) -> web.Response:
        query = request.query
        app = self.apps.get(query.get("client_id", ""))
        if app is None:
            return web.Response(status=400, text="invalid_client_id")
        redirect_uri = query.get("redirect_uri")
        if redirect_uri is not None and redirect_uri not in app.redirect_urls:
            return web.Response(status=400, text="bad_redirect_uri")
        if not query.get("scope") or self.approving_team not in self.workspaces:
            return web.Response(status=400, text="invalid_scope" if not query.get("scope") else "no_team")
        code = f"{time.time():.0f}.{uuid.uuid4().hex}"
        self.codes[code] = IssuedCode(self.approving_team, app.client_id, query["scope"], redirect_uri)
        target = redirect_uri or app.redirect_urls[0]
        raise web.HTTPFound(f"{target}?{urlencode({'code': code, 'state': query.get('state', '')})}")

    def _client_credentials(self, request: web.Request, body: dict[str, Any]) -> tuple[str, str]:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return client_id, secret
        return str(body.get("client_id", "")), str(body.get("client_secret", ""))

    def _exchange(self, request: web.Request, body: dict[str, Any]) -> dict[str, Any]:
        client_id, secret = self._client_credentials(request, body)
        answer = self._exchange_answer(client_id, secret, body)
        self.exchanges.append({"code": body.get("code"), "error": answer.get("error")})
        return answer

    def _exchange_answer(self, client_id: str, secret: str, body: dict[str, Any]) -> dict[str, Any]:
        app = self.apps.get(client_id)
        if app is None:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != app.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        code = self.codes.get(str(body.get("code", "")))
        if (
            code is None
            or code.used
            or code.client_id != client_id
            or time.monotonic() - code.issued > CODE_SECONDS
        ):
            return {"ok": False, "error": "invalid_code"}
        if code.redirect_uri is not None and body.get("redirect_uri") != code.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        code.used = True
        workspace = self.workspaces[code.team_id]
        workspace.bot_token = f"xoxb-{next(self._serial)}-{uuid.uuid4().hex[:24]}"
        workspace.uninstalled = False
        return {
            "ok": True,
            "access_token": workspace.bot_token,
            "token_type": "bot",
            "scope": code.scopes,
            "bot_user_id": workspace.bot_user,
            "app_id": app.app_id,
            "team": {"name": workspace.name, "id": workspace.team_id},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": workspace.installer},
        }

    def _auth_test(self, token: str) -> dict[str, Any] | None:
        workspace = self.team_of_token(token)
        if workspace is None:
            return None
        return {
            "ok": True,
            "url": f"https://{workspace.name.lower()}.slack.com/",
            "team": workspace.name,
            "user": "prepbot",
            "team_id": workspace.team_id,
            "user_id": workspace.bot_user,
            "bot_id": f"B{workspace.bot_user}",
            "is_enterprise_install": False,
        }
