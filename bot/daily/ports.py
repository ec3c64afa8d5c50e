"""What the scheduler sees of daily questions, and what daily questions tell the scheduler.

The scheduler runs the jobs of `DailyJobs` at their times; the core tells it, through the
`ScheduleChangeListener` it registers, when a change moves a job.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, Protocol

from bot.daily.schedule import ScheduleSpec


class ChannelSchedule(NamedTuple):
    platform: str
    channel_id: str
    spec: ScheduleSpec


class PendingReveal(NamedTuple):
    post_id: int
    closes_at: datetime


class ScheduleChangeListener(Protocol):
    """Told about changes that move scheduled jobs (the scheduler implements it)."""

    def post_published(self, post_id: int, closes_at: datetime) -> None: ...

    async def schedule_changed(self, platform: str, channel_id: str) -> None: ...


class DailyJobs(Protocol):
    """The daily-question jobs a scheduler runs (DailyPoster implements it)."""

    def listen(self, listener: ScheduleChangeListener) -> None: ...

    async def active_schedules(self) -> list[ChannelSchedule]: ...

    async def active_schedule(self, platform: str, channel_id: str) -> ScheduleSpec | None: ...

    async def run_schedule(self, platform: str, channel_id: str) -> None: ...

    async def run_schedules(self, channels: list[tuple[str, str]]) -> None: ...

    async def catch_up(self) -> None: ...

    async def pending_reveals(self) -> list[PendingReveal]: ...

    async def reveal(self, post_id: int) -> None: ...

    async def settle(self) -> None: ...
