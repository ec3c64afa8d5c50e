"""Days whose question was never posted: the bot was down at the post time, or longer than the
catch-up window. Each is recorded as skipped, logged and reported to the admin once."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import NamedTuple

from bot.daily.delivery import Faults
from bot.daily.views import schedule_channel
from bot.ports import Clock, Metrics
from bot.storage.daily_rows import ScheduleRow
from bot.storage.daily_store import DailyStore

log = logging.getLogger("prepbot.daily")
# How far back a sweep looks for scheduled days that were never posted (to log and report them).
MISSED_DAYS_LOOKED_AT = 7


class TooLate(NamedTuple):
    why: str  # told to the admin and logged
    reason: str  # the short label counted in metrics


def hours(delta: timedelta) -> str:
    count = delta.total_seconds() / 3600
    return f"{count:g} hour{'s' * (count != 1)}"


class MissedDays:
    def __init__(
        self, daily_store: DailyStore, faults: Faults, metrics: Metrics, *, clock: Clock, catchup: timedelta
    ) -> None:
        self.daily_store = daily_store
        self.metrics = metrics
        self.faults = faults
        self.clock = clock
        self.catchup = catchup

    def too_late(self, due: datetime, closes_at: datetime, now: datetime) -> TooLate | None:
        """Why the question due at `due` can no longer be posted `now`, or None."""
        if now - due > self.catchup:
            return TooLate(
                f"the bot was not running at its post time and "
                f"{hours(self.catchup)} later it was too late to catch up",
                "past_catch_up",
            )
        if closes_at <= now:
            return TooLate(
                "the bot was not running from its post time until after its reveal time", "past_reveal"
            )
        return None

    async def record_days_before(self, schedule: ScheduleRow, due: datetime) -> None:
        """Days before `due` that were never posted (the bot was down for longer than a day):
        recorded as skipped, logged and reported, once, going back to the last recorded day."""
        for _ in range(MISSED_DAYS_LOOKED_AT):
            earlier = schedule.spec.latest_at_or_before(due - timedelta(microseconds=1))
            if earlier is None or earlier < schedule.active_since:
                return
            due = earlier
            day = schedule.spec.local_date(due)
            if await self.daily_store.post_for_day(schedule.platform, schedule.channel_id, day):
                return
            await self.skip(schedule, day, TooLate("the bot was not running that day", "missed_day"))

    async def skip(self, schedule: ScheduleRow, day: date, late: TooLate) -> None:
        why = late.why
        channel = schedule_channel(schedule)
        first = await self.daily_store.skip_day(
            community=channel.community.key,
            platform=channel.platform,
            channel_id=channel.channel_id,
            day=day,
            now=self.clock.now(),
            reason=why,
        )
        if first:
            self.metrics.daily_post("skipped", late.reason)
            log.warning(
                "skipped the daily question of %s:%s for %s: %s",
                channel.platform,
                channel.channel_id,
                day,
                why,
            )
            await self.faults.gave_up(channel, None, day, why)
