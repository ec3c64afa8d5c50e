"""Daily-question fixtures: a recording publisher, the daily service over the shared `core`."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import Core, build_core, build_daily, build_router
from bot.commands import parse
from bot.daily.outbox import Outbox
from bot.daily.service import DailyService
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
    """Records what would be posted; can fail, stall, or accept a post and then fail to answer,
    like a real platform. `visible` is what members see in each channel."""

    platform: str = PLATFORM
    posts: list[tuple[Channel, Reply, str]] = field(default_factory=list)
    edits: list[tuple[Channel, str, Reply]] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)
    lose_answers: int = 0  # the next N posts are accepted, then the call fails (timeout)
    stall: asyncio.Event | None = None
    stalled_channels: set[str] = field(default_factory=set)  # hang until `stall` is set
    calls: int = 0
    lookups: int = 0

    async def post(self, channel: Channel, reply: Reply) -> str:
        self.calls += 1
        if self.stall is not None and (
            not self.stalled_channels or channel.channel_id in self.stalled_channels
        ):
            await self.stall.wait()
        await asyncio.sleep(0)  # let a racing scheduler run in between
        if self.failures:
            raise self.failures.pop(0)
        message_id = f"m{len(self.posts) + 1}"
        self.posts.append((channel, reply, message_id))
        if self.lose_answers:
            self.lose_answers -= 1
            raise TimeoutError("the platform accepted the post but its answer never came")
        return message_id

    async def edit(self, channel: Channel, message_id: str, reply: Reply) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.edits.append((channel, message_id, reply))

    async def find_post(self, channel: Channel, post_id: int, since: datetime) -> str | None:
        self.lookups += 1
        return next(
            (
                message_id
                for posted, reply, message_id in self.posts
                if posted == channel and getattr(reply, "post_id", None) == post_id
            ),
            None,
        )

    def daily_posts(self, channel: Channel = CHANNEL) -> list[Reply]:
        return [
            reply
            for posted, reply, _ in self.posts
            if posted == channel and getattr(reply, "post_id", None) is not None
        ]


@dataclass
class Worker:
    """One bot process: its own engine, outbox, publisher and worker name."""

    core: Core
    daily: DailyService
    publisher: RecordingPublisher

    async def command(self, text: str, member: Member = ADMIN, channel: Channel = CHANNEL) -> Reply:
        return await build_router(self.core, self.daily).run(member, channel, parse(text), is_admin=True)


async def start_worker(
    core: Core, name: str, seed: int = 0, publisher: RecordingPublisher | None = None
) -> Worker:
    publisher = publisher or RecordingPublisher()
    outbox = Outbox()
    outbox.register(publisher)
    daily = build_daily(core, outbox, owner=name, rng=random.Random(seed))
    return Worker(core, daily, publisher)


@pytest.fixture
async def worker(core: Core) -> Worker:
    return await start_worker(core, "worker-a")


@pytest.fixture
async def second_core(core: Core) -> AsyncIterator[Core]:
    """A second process on the same database (own engine and connection pool)."""
    other = await build_core(
        Settings(
            bundled_questions=False,
            content_dir=core.settings.content_dir,
            database_url=core.settings.database_url,
        ),
        clock=core.service.clock,
    )
    yield other
    await other.close()
