"""/metrics, scraped over HTTP after a scripted session, counts what happened in it."""

from __future__ import annotations

import io
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from adapters.console.publisher import ConsolePublisher
from adapters.metrics import PrometheusMetrics, serve_metrics, watch_database
from bot.bootstrap import Core, build_core, build_daily, build_router
from bot.daily.outbox import Outbox
from bot.models import Channel, Member
from bot.replies import AnswerFeedback, Notice, QuestionCard, Tone
from bot.settings import Settings
from tests.conftest import FixedClock
from tests.ops.processes import Bot

CHANNEL = Channel(platform="console", community_id="local", channel_id="study")
ADA = Member(platform="console", community_id="local", user_id="ada", display_name="Ada")
GRACE = Member(platform="console", community_id="local", user_id="grace", display_name="Grace")

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
async def metered(
    content_dir: Path, tmp_path: Path, clock: FixedClock
) -> AsyncIterator[tuple[Core, PrometheusMetrics]]:
    metrics = PrometheusMetrics()
    settings = Settings(
        bundled_questions=False, content_dir=content_dir, database_url=f"sqlite:///{tmp_path / 'm.db'}"
    )
    core = await build_core(settings, clock=clock, metrics=metrics)
    watch_database(core.store.engine, metrics)
    yield core, metrics
    await core.close()


async def scrape(metrics: PrometheusMetrics) -> Samples:
    listener = await serve_metrics(metrics, "127.0.0.1", 0)
    try:
        host, port = listener.addresses[0][:2]
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://{host}:{port}/metrics") as response,
        ):
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain; version=")
            body = await response.text()
    finally:
        await listener.cleanup()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_the_counters_match_a_scripted_session(metered: tuple[Core, PrometheusMetrics]) -> None:
    core, metrics = metered
    outbox = Outbox(metrics=metrics)
    outbox.register(ConsolePublisher(io.StringIO()))
    prep = build_router(core, build_daily(core, outbox))

    async def say(member: Member, line: str, *, admin: bool = False) -> object:
        return await prep.handle_text(member, CHANNEL, line, is_admin=admin)

    assert isinstance(await say(ADA, "/prep quiz fundamentals easy"), QuestionCard)
    right = await say(ADA, "/prep answer B")
    assert isinstance(right, AnswerFeedback) and right.verdict.value == "correct"
    assert isinstance(await say(ADA, "/prep quiz data-preparation"), QuestionCard)
    wrong = await say(ADA, "/prep answer A")
    assert isinstance(wrong, AnswerFeedback) and wrong.verdict.value == "wrong"
    refused = await say(ADA, "/prep answer C")  # nothing open any more
    assert isinstance(refused, Notice) and refused.tone == Tone.ERROR
    assert isinstance(await say(ADA, "/prep frobnicate"), Notice)
    await say(GRACE, "/prep schedule set 09:00 UTC", admin=True)
    posted = await say(GRACE, "/prep post-now", admin=True)
    assert isinstance(posted, Notice) and posted.tone == Tone.SUCCESS, posted
    with pytest.raises(OperationalError):
        async with core.store.engine.connect() as connection:
            await connection.execute(text("select * from no_such_table"))

    samples = await scrape(metrics)

    assert value(samples, "prepbot_commands_total", command="quiz", outcome="ok") == 2
    assert value(samples, "prepbot_commands_total", command="answer", outcome="ok") == 2
    assert value(samples, "prepbot_commands_total", command="answer", outcome="refused") == 1
    assert value(samples, "prepbot_commands_total", command="unparsed", outcome="refused") == 1
    assert value(samples, "prepbot_commands_total", command="unparsed", outcome="ok") == 0
    assert value(samples, "prepbot_commands_total", command="post-now", outcome="ok") == 1
    assert value(samples, "prepbot_command_seconds_count", command="answer") == 3
    assert value(samples, "prepbot_answers_total", kind="choice", verdict="correct") == 1
    assert value(samples, "prepbot_answers_total", kind="choice", verdict="wrong") == 1
    assert value(samples, "prepbot_grading_seconds_count", kind="choice", grader="rules") == 2
    assert value(samples, "prepbot_daily_posts_total", outcome="sent", reason="") == 1
    assert value(samples, "prepbot_database_errors_total", error="OperationalError") == 1
    assert sum(v for (name, _), v in samples.items() if name == "prepbot_platform_errors_total") == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_prepbot_run_serves_metrics_on_the_metrics_port(tmp_path: Path, content_dir: Path) -> None:
    port = free_port()
    env = {
        "PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "PREPBOT_CONTENT_DIR": str(content_dir),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "PREPBOT_METRICS_PORT": str(port),
    }
    bot = await Bot.start(env, tmp_path)
    try:
        await bot.wait_for(f"serving /metrics on 127.0.0.1:{port}")
        await bot.type("/prep quiz fundamentals easy")
        await bot.wait_for("Answer with", stream="out")
        await bot.type("/prep answer B")
        await bot.wait_for("points", stream="out")
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/metrics") as response,
        ):
            body = await response.text()
    finally:
        await bot.kill()
    assert 'prepbot_commands_total{command="quiz",outcome="ok"} 1.0' in body
    assert 'prepbot_answers_total{kind="choice",verdict="correct"} 1.0' in body
