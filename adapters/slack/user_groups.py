"""Slack user groups for `/prep config admin-role`, whether a member is in the admin group,."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.members import api_error
from bot.community_settings import Role
from bot.models import Member

log = logging.getLogger("prepbot.slack")
# How Slack writes a user group mention in an escaped command: <!subteam^S0123ABCD|@mentors>
GROUP_MENTION = re.compile(r"^<!subteam\^([A-Z0-9]{2,20})(?:\|@?([^>]{0,100}))?>$")


class UserGroups:
    """The workspace's user groups (usergroups.list, scope usergroups:read)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def find(self, community_id: str, typed: str) -> Role | None:
        text = typed.strip()
        mention = GROUP_MENTION.match(text)
        if mention:
            return Role(mention.group(1), mention.group(2) or mention.group(1))
        wanted = text.removeprefix("@").casefold()
        try:
            groups = (await self.client.usergroups_list()).get("usergroups") or []
        except Exception as error:
            log.warning("usergroups.list failed: %s", api_error(error))
            return None
        for group in groups:
            if wanted in (str(group.get("handle", "")).casefold(), str(group.get("name", "")).casefold()):
                return Role(str(group["id"]), str(group.get("handle") or group.get("name")))
        return None


def group_membership(
    client: AsyncWebClient, admin_role: Callable[[str, str], Awaitable[Role | None]]
) -> Callable[[Member], Awaitable[bool]]:
    """Whether a member is in the user group the workspace's admins named (usergroups.users.list)."""

    async def in_admin_group(member: Member) -> bool:
        role = await admin_role(member.platform, member.community_id)
        if role is None:
            return False
        try:
            users = (await client.usergroups_users_list(usergroup=role.id)).get("users") or []
        except Exception as error:
            log.warning("usergroups.users.list failed for an admin check: %s", api_error(error))
            return False
        return member.user_id in users

    return in_admin_group
