"""Who is acting where: Slack payloads to core Members and Channels, and who counts as an admin."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.models import Channel, Member

PLATFORM = "slack"
log = logging.getLogger("prepbot.slack")


def member_from_command(body: dict[str, Any]) -> Member:
    return Member(platform=PLATFORM, community_id=body["team_id"], user_id=body["user_id"],
                  display_name=str(body.get("user_name") or "")[:100])


def member_from_interaction(body: dict[str, Any]) -> Member:
    """A block_actions or view_submission payload."""
    user = body["user"]
    team = (body.get("team") or {}).get("id") or user.get("team_id")
    name = user.get("username") or user.get("name") or ""
    return Member(platform=PLATFORM, community_id=team, user_id=user["id"],
                  display_name=str(name)[:100])


def channel_of(member: Member, channel_id: str) -> Channel:
    return Channel(platform=PLATFORM, community_id=member.community_id, channel_id=channel_id)


def interaction_channel_id(body: dict[str, Any]) -> str:
    channel = body.get("channel") or {}
    return str(channel.get("id") or (body.get("container") or {}).get("channel_id") or "")


def display_name_of(user: dict[str, Any]) -> str:
    profile = user.get("profile") or {}
    return str(profile.get("display_name") or profile.get("real_name") or user.get("name") or "")[:100]


class AdminCheck:
    """Workspace admins and owners (users.info), or `slack:<user_id>` in PREPBOT_ADMINS."""

    def __init__(self, client: AsyncWebClient, configured: frozenset[str]) -> None:
        self.client = client
        self.configured = configured

    async def is_admin(self, member: Member) -> bool:
        if f"{PLATFORM}:{member.user_id}" in self.configured:
            return True
        try:
            response = await self.client.users_info(user=member.user_id)
        except SlackApiError as error:
            log.warning("users.info failed for an admin check: %s", error.response.get("error"))
            return False
        user = response.get("user") or {}
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
