"""The platform says the bot can no longer post somewhere: a channel was deleted or archived, the
bot was removed from it, or from the whole server or workspace. The daily schedules there pause
with the reason, and whoever set each one is told with the reply to their next command, as after
a post the platform refused; `/prep schedule show` shows the reason, `resume` re-checks."""

from __future__ import annotations

import logging

from bot.daily.delivery import refusal_text
from bot.daily.posting import DailyPoster
from bot.daily.views import schedule_channel
from bot.ports import PostRefused
from bot.storage.daily_rows import ScheduleRow

log = logging.getLogger("prepbot.daily")


class LostChannels:
    def __init__(self, poster: DailyPoster) -> None:
        self.poster = poster

    async def lost(
        self, platform: str, community_id: str, channel_id: str | None, reason: str, fix: str = ""
    ) -> list[str]:
        """Pause the schedule of `channel_id` (None: every schedule of the community); returns
        the channel ids paused now (those already paused keep their reason)."""
        why = refusal_text(PostRefused(reason, fix))
        paused: list[str] = []
        for schedule in await self._affected(platform, community_id, channel_id):
            if not await self.poster.daily_store.pause_for(platform, schedule.channel_id, why):
                continue
            paused.append(schedule.channel_id)
            log.warning("%s:%s daily schedule paused: %s", platform, schedule.channel_id, why)
            await self.poster.faults.tell(
                schedule_channel(schedule),
                schedule.set_by,
                f"The daily question in channel {schedule.channel_id} is paused: {why} "
                "Once it is fixed, run /prep schedule resume in that channel.",
            )
            await self.poster.schedule_changed(platform, schedule.channel_id)
        return paused

    async def _affected(self, platform: str, community_id: str, channel_id: str | None) -> list[ScheduleRow]:
        return [
            s
            for s in await self.poster.daily_store.list_schedules()
            if s.platform == platform
            and s.community_id == community_id
            and (channel_id is None or s.channel_id == channel_id)
        ]
