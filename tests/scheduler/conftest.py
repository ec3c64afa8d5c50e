"""Daily-question fixtures: a recording publisher, the daily service over the shared `core`."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import Core, build_core
from bot.commands import parse
from bot.daily import DailyService, build_daily
from bot.daily_outbox import Outbox
from bot.models import Channel, Member
from bot.replies import Reply
from bot.settings import Settings

PLATFORM = "test"
CHANNEL = Channel(platform=PLATFORM, community_id="guild", channel_id="study")
ADMIN = Member(platform=PLATFORM, community_id="guild", user_id="admin", display_name="Admin")
ADA = Member(platform=PLATFORM, community_id="guild", user_id="u-ada", display_name="Ada")
BOB = Member(platform=PLATFORM, community_id="guild", user_id="u-bob", display_name="Bob")
BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


@dataclass
class RecordingPublisher:
    """Records what would be posted; can fail or stall on demand like a real platform."""

    platform: str = PLATFORM
    posts: list[tuple[Channel, Reply, str]] = field(default_factory=list)
    edits: list[tuple[Channel, str, Reply]] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)
    stall: asyncio.Event | None = None
    calls: int = 0

    async def post(self, channel: Channel, reply: Reply) -> str:
        self.calls += 1
        if self.stall is not None:
            await self.stall.wait()
        await asyncio.sleep(0)  # let a racing scheduler run in between
        if self.failures:
            raise self.failures.pop(0)
        message_id = f"m{len(self.posts) + 1}"
        self.posts.append((channel, reply, message_id))
        return message_id

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.edits.append((channel, message_id, reply))


@dataclass
class Worker:
    """One bot process: its own engine, outbox, publisher and worker name."""

    core: Core
    daily: DailyService
    publisher: RecordingPublisher
    sleeps: list[float]

    async def command(self, text: str, member: Member = ADMIN, channel: Channel = CHANNEL) -> Reply:
        return await self.daily.handle(member, channel, parse(text))


async def start_worker(core: Core, name: str, seed: int = 0) -> Worker:
    sleeps: list[float] = []

    async def no_wait(seconds: float) -> None:
        sleeps.append(seconds)

    publisher = RecordingPublisher()
    outbox = Outbox(sleep=no_wait)
    outbox.register(publisher)
    daily = build_daily(core, outbox, owner=name, rng=random.Random(seed))
    return Worker(core, daily, publisher, sleeps)


@pytest.fixture
async def worker(core: Core) -> Worker:
    return await start_worker(core, "worker-a")


@pytest.fixture
async def second_core(core: Core) -> AsyncIterator[Core]:
    """A second process on the same database (own engine and connection pool)."""
    other = await build_core(Settings(bundled_questions=False, content_dir=core.settings.content_dir,
                                      database_url=core.settings.database_url),
                             clock=core.service.clock)
    yield other
    await other.close()


