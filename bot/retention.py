"""Data of a community that removed the bot (a Discord server kicked it, a Slack workspace
uninstalled it) is deleted once PREPBOT_RETENTION_DAYS have passed, unless it came back."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.community_settings import Communities
from bot.ports import Clock, SystemClock

log = logging.getLogger("prepbot.retention")


class Retention:
    def __init__(self, communities: Communities, days: int, clock: Clock | None = None) -> None:
        self.communities = communities
        self.keep_for = timedelta(days=days)
        self.clock = clock or SystemClock()

    async def removed(self, platform: str, community_id: str) -> None:
        log.info(
            "%s:%s removed the bot; its data goes in %s unless it returns",
            platform,
            community_id,
            self.keep_for,
        )
        await self.communities.removed(platform, community_id, self.clock.now())

    async def returned(self, platform: str, community_id: str) -> None:
        await self.communities.seen(platform, community_id)

    async def sweep(self) -> list[str]:
        """Delete the data of every community removed longer ago than the retention period."""
        cutoff = self.clock.now() - self.keep_for
        store = self.communities.store
        deleted = [c for c in await store.removed_before(cutoff) if await store.delete_community(c, cutoff)]
        for community in deleted:
            log.warning(
                "deleted the data of %s: it removed the bot more than %s ago", community, self.keep_for
            )
        return deleted
