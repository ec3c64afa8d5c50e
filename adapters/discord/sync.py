"""Command sync only when the command tree changed since the last sync (hash kept in the store)."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from bot.ports import PlatformState

log = logging.getLogger("prepbot.discord.sync")


def tree_hash(tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None) -> str:
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any], store: PlatformState, application_id: int, guild_id: int | None
) -> bool:
    """Sync globally, or to one guild when `guild_id` is set; True when a sync was sent."""
    guild = discord.Object(id=guild_id) if guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    key = f"discord:command-hash:{application_id}:{guild_id or 'global'}"
    digest = tree_hash(tree, guild)
    if await store.get_state(key) == digest:
        log.info("commands unchanged since the last sync; not syncing")
        return False
    synced = await tree.sync(guild=guild)
    await store.set_state(key, digest)
    log.info("synced %d command(s) %s", len(synced), f"to guild {guild_id}" if guild_id else "globally")
    return True
