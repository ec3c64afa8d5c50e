"""Discord roles for `/prep config admin-role`, and whether a member holds the community's admin role."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.community_settings import Role

ROLE_MENTION = re.compile(r"^<@&(\d{1,20})>$")


class GuildRoles:
    """A server's roles, as the gateway delivered them with the server (its GUILD_CREATE)."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def find(self, community_id: str, typed: str) -> Role | None:
        guild = self.client.get_guild(int(community_id)) if community_id.isdigit() else None
        if guild is None:
            return None
        text = typed.strip()
        mention = ROLE_MENTION.match(text)
        wanted = mention.group(1) if mention else text if text.isdigit() else None
        name = text.removeprefix("@").casefold()
        for role in guild.roles:
            if role.is_default():
                continue
            if str(role.id) == wanted or (wanted is None and role.name.casefold() == name):
                return Role(str(role.id), role.name)
        return None


def holds_role(interaction: discord.Interaction[Any], role: Role | None) -> bool:
    user = interaction.user
    return (
        role is not None
        and isinstance(user, discord.Member)
        and any(str(r.id) == role.id for r in user.roles)
    )
