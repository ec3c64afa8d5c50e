"""Daily posts through the real slack_sdk client against the mock Web API when Slack misbehaves:
a persistent rate limit, and a post Slack accepts but whose answer never arrives."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from adapters.slack.app import web_client
from adapters.slack.publisher import SlackPublisher
from bot.bootstrap import Core, build_core, build_daily
from bot.daily.outbox import Outbox
from bot.daily.schedule import ScheduleSpec
from bot.daily.service import DailyService
from bot.models import Channel
from bot.settings import Settings
from tests.adapters.slack.conftest import BOT_TOKEN
from tests.adapters.slack.mock_slack import MockSlack
from tests.conftest import FixedClock

# The mock's message timestamps start at 1700000000 (2023-11-14 22:13 UTC); the clock stands
# just before, so the history search window holds them.
NOON = datetime.fromtimestamp(1_699_999_000, UTC)
STUDY = Channel(platform="slack", community_id="T0TEAM", channel_id="C0STUDY")


@pytest.fixture
async def clocked_core(content_dir: Path, tmp_path: Path) -> AsyncIterator[tuple[Core, FixedClock]]:
    clock = FixedClock(NOON)
    core = await build_core(
        Settings(
            bundled_questions=False,
            content_dir=content_dir,
            database_url=f"sqlite:///{tmp_path / 'delivery.db'}",
        ),
        clock=clock,
    )
    yield core, clock
    await core.close()


def daily_on_slack(
    core: Core, mock: MockSlack, *, client_timeout: float = 30.0
) -> tuple[DailyService, SlackPublisher]:
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret="s" * 32, slack_api_url=mock.api_url)
    client = web_client(settings)  # the adapter's own client, with its retry handlers
    client.timeout = client_timeout  # type: ignore[assignment]
    publisher = SlackPublisher(client)
    outbox = Outbox(margin=0.5 if client_timeout < 1 else 30.0)
    outbox.register(publisher)
    return build_daily(core, outbox, owner="slack-test", rng=random.Random(1)), publisher


async def schedule_noon(daily: DailyService, clock: FixedClock) -> None:
    spec = ScheduleSpec(time(NOON.hour, NOON.minute), "UTC")
    await daily.daily_store.save_schedule(
        "slack", STUDY.channel_id, STUDY.community_id, spec, NOON - timedelta(days=1), set_by="UADMIN"
    )


async def test_a_persistent_rate_limit_costs_a_handful_of_calls_per_sweep(
    clocked_core: tuple[Core, FixedClock], mock_slack: MockSlack
) -> None:
    core, clock = clocked_core
    daily, _ = daily_on_slack(core, mock_slack)
    await schedule_noon(daily, clock)
    for _ in range(100):
        mock_slack.fail_next("chat.postMessage", status=429, retry_after=0)
    for sweep in range(1, 4):
        before = len(mock_slack.calls)
        await daily.poster.catch_up()
        spent = len(mock_slack.calls) - before
        assert spent <= 5, f"sweep {sweep}: {spent} calls"  # 1 + the client's 3 retries (+ a look)
        clock.advance(minutes=5)
    assert (await daily.daily_store.post_for_day("slack", STUDY.channel_id, NOON.date())).message_id is None  # type: ignore[union-attr]


async def test_a_post_slack_accepted_but_never_answered_is_found_not_sent_again(
    clocked_core: tuple[Core, FixedClock], mock_slack: MockSlack
) -> None:
    core, clock = clocked_core
    daily, _ = daily_on_slack(core, mock_slack, client_timeout=0.3)
    await schedule_noon(daily, clock)
    mock_slack.delay_next("chat.postMessage", 1.0)  # accepted, answered after the client gave up
    await daily.poster.catch_up()
    [sent] = mock_slack.named("chat.postMessage")
    assert sent.body["metadata"]["event_type"] == "prepbot_daily_post"
    clock.advance(minutes=5)
    await daily.poster.catch_up()
    assert len(mock_slack.named("chat.postMessage")) == 1
    [looked] = mock_slack.named("conversations.history")
    assert looked.body["include_all_metadata"] in (True, "true", "1")
    post = await daily.daily_store.post_for_day("slack", STUDY.channel_id, NOON.date())
    assert post is not None and post.message_id == mock_slack.history["C0STUDY"][0]["ts"]
