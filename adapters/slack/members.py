"""Who is acting where: Slack payloads to core Members and Channels, and who counts as an admin."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import PrepError
from bot.models import Channel, Member

PLATFORM = "slack"
log = logging.getLogger("prepbot.slack")


def member_from_command(body: dict[str, Any]) -> Member:
    return Member(
        platform=PLATFORM,
        community_id=body["team_id"],
        user_id=body["user_id"],
        display_name=str(body.get("user_name") or "")[:100],
    )


def member_from_interaction(body: dict[str, Any]) -> Member:
    """A block_actions or view_submission payload."""
    user = body["user"]
    team = (body.get("team") or {}).get("id") or user.get("team_id")
    name = user.get("username") or user.get("name") or ""
    return Member(platform=PLATFORM, community_id=team, user_id=user["id"], display_name=str(name)[:100])


def channel_of(member: Member, channel_id: str) -> Channel:
    return Channel(platform=PLATFORM, community_id=member.community_id, channel_id=channel_id)


def interaction_channel_id(body: dict[str, Any]) -> str:
    channel = body.get("channel") or {}
    return str(channel.get("id") or (body.get("container") or {}).get("channel_id") or "")


def display_name_of(user: dict[str, Any]) -> str:
    profile = user.get("profile") or {}
    return str(profile.get("display_name") or profile.get("real_name") or user.get("name") or "")[:100]


def api_error(error: Exception) -> str:
    """Slack's error code, or the kind of failure when Slack sent no usable answer."""
    response = getattr(error, "response", None)
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return f"HTTP {status}" if status else type(error).__name__


class AdminCheckUnavailable(PrepError):
    """Slack could not say whether the member is an admin: the member should try again."""


UNAVAILABLE = (
    "Could not check with Slack whether you are a workspace admin right now. Please try again in a minute."
)
DEFINITE_NOT_FOUND = ("user_not_found", "users_not_found", "user_not_visible")


class AdminCheck:
    """Workspace admins and owners (users.info), or `slack:<user_id>` in PREPBOT_ADMINS.

    Admins of another organisation in a Slack Connect channel are not admins here: the user's
    `team_id` must be the installed workspace's (learnt from auth.test when the adapter starts;
    with several workspaces, the one the command came from, asked with that one's token).
    """

    def __init__(
        self,
        client: AsyncWebClient,
        configured: frozenset[str],
        in_admin_group: Callable[[Member], Awaitable[bool]] | None = None,
        *,
        team_client: Callable[[str], Awaitable[AsyncWebClient]] | None = None,
    ) -> None:
        self.client = client
        self.configured = configured
        self.in_admin_group = in_admin_group  # the user group named by /prep config admin-role
        self.team_client = team_client
        self.team_id: str | None = None

    async def is_admin(self, member: Member) -> bool:
        """True or False; raises AdminCheckUnavailable when Slack cannot tell right now."""
        if f"{PLATFORM}:{member.user_id}" in self.configured:
            return True
        try:
            client = self.client if self.team_client is None else await self.team_client(member.community_id)
            response = await client.users_info(user=member.user_id)
            user = response.get("user")
        except Exception as error:  # any answer that is not a user: error code, HTML, timeout
            code = api_error(error)
            if code in DEFINITE_NOT_FOUND:
                return False
            log.warning("users.info failed for an admin check: %s", code)
            raise AdminCheckUnavailable(UNAVAILABLE) from None
        if not isinstance(user, dict):
            raise AdminCheckUnavailable(UNAVAILABLE)
        home_team = user.get("team_id")
        if home_team not in (None, self.team_id or member.community_id):
            return False
        if user.get("is_restricted") or user.get("is_ultra_restricted") or user.get("is_stranger"):
            return False
        if user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"):
            return True
        return self.in_admin_group is not None and await self.in_admin_group(member)
