"""Two real `prepbot run` processes on one PostgreSQL database, each serving Slack in HTTP mode.

Both talk to one mock Slack Web API in this test process and receive signed requests. They show
what an operator of several processes relies on: every channel gets one daily post however many
processes race for it, and every answer counts exactly once whichever process receives it.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest

from adapters.slack.app import EVENTS_PATH
from bot.answer_feedback import ANSWERED_BEFORE
from tests.adapters.slack.mock_slack import Call, MockSlack
from tests.adapters.slack.slack_client import (
    SIGNING_SECRET,
    SlackSender,
    action_payload,
    buttons,
    command_body,
    free_port,
    shown,
)

PREPBOT = Path(sys.executable).with_name("prepbot")
ADMIN = "UOPS"
BOT_TOKEN = "xoxb-deploy-test"
POSTED_NOW = [f"CNOW{i}" for i in range(5)]  # post-now sent to both processes at once
SCHEDULED = [f"CSCHED{i}" for i in range(3)]  # due while no process ran: both catch up at once
MEMBERS = [f"UM{i:03d}" for i in range(100)]  # 100 members x 5 posts = 500 answers
DOUBLE_CLICKS = 50  # answers also sent to the other process at the same moment
CONCURRENCY = 40
START_SECONDS = 20.0
FINISH_SECONDS = 15.0
STOP_SECONDS = 10.0
CLAIMS_WAITING = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO posts%'"
)
UNFINISHED_POSTS = "SELECT count(*) FROM posts WHERE message_id IS NULL"  # claimed, not yet sent

LEVELS = ("easy", "medium", "hard")
PACK = "pack: deploy\ntitle: Deployment test pack\nquestions:\n" + "".join(
    f"  - {{id: choice-{n}, kind: choice, topic: fundamentals, difficulty: {LEVELS[n % 3]},\n"
    f"     prompt: 'Question {n}: which option is right?', options: [Right, Wrong, Also wrong],\n"
    f"     answer: A, explanation: 'Option A is right.', sources: [general]}}\n"
    for n in range(12)
)


@dataclass
class BotProcess:
    name: str
    port: int
    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None

    def slack(self, mock: MockSlack) -> SlackSender:
        return SlackSender(mock, f"http://127.0.0.1:{self.port}{EVENTS_PATH}")

    async def serving(self) -> None:
        """Wait for the HTTP listener's log line, then keep reading the log in the background."""
        assert self.process.stderr is not None
        async with asyncio.timeout(START_SECONDS):
            while "slack: HTTP mode, serving" not in (line := await self._line()):
                assert line, f"{self.name} exited:\n" + "\n".join(self.lines[-20:])
        self._reader = asyncio.create_task(self._drain())

    async def _line(self) -> str:
        assert self.process.stderr is not None
        raw = await self.process.stderr.readline()
        if raw:
            self.lines.append(raw.decode(errors="replace").rstrip())
        return self.lines[-1] if raw else ""

    async def _drain(self) -> None:
        while await self._line():
            pass

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), STOP_SECONDS)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        if self._reader is not None:
            await asyncio.wait_for(self._reader, STOP_SECONDS)


@pytest.fixture
async def mock() -> AsyncIterator[MockSlack]:
    server = MockSlack()
    await server.start()
    yield server
    await server.stop()


def bot_environment(database: str, content: Path, mock: MockSlack, port: int) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("PREPBOT_", "DISCORD_", "SLACK_"))}
    return {
        **inherited,
        "PREPBOT_DATABASE_URL": database,
        "PREPBOT_CONTENT_DIR": str(content),
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "PREPBOT_ADMINS": f"slack:{ADMIN}",
        "PREPBOT_LOG_LEVEL": "INFO",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": mock.api_url,
        "PREPBOT_HTTP_PORT": str(port),
    }


@pytest.fixture
async def holder(postgres_database: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection that can hold the posts table locked (see hold_scheduled_posts)."""
    connection = await asyncpg.connect(postgres_database)
    yield connection
    await connection.close()


async def hold_scheduled_posts(database: str, holder: asyncpg.Connection) -> None:
    """Channels scheduled two minutes ago, as if set yesterday (due now, no day missed), and the
    posts table locked: both processes' first catch-up sweeps, as soon as they are connected,
    then claim every scheduled channel at the same moment."""
    due = (datetime.now(UTC) - timedelta(minutes=2)).strftime("%H:%M")
    connection = await asyncpg.connect(database)
    try:
        await connection.executemany(
            "INSERT INTO schedules (platform, channel_id, community_id, post_time, timezone, "
            "active_since, set_by) VALUES ('slack', $1, 'T0TEAM', $2, 'UTC', "
            "(now() at time zone 'utc') - interval '1 day' + interval '1 minute', $3)",
            [(channel, due, ADMIN) for channel in SCHEDULED],
        )
    finally:
        await connection.close()
    await holder.execute("BEGIN; LOCK TABLE posts IN SHARE ROW EXCLUSIVE MODE")


@pytest.fixture
async def bots(
    postgres_database: str, mock: MockSlack, tmp_path: Path, holder: asyncpg.Connection
) -> AsyncIterator[list[BotProcess]]:
    connection = await asyncpg.connect(postgres_database)
    await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await connection.close()
    content = tmp_path / "content"
    content.mkdir()
    (content / "deploy.yaml").write_text(PACK, encoding="utf-8")
    upgrade = await asyncio.create_subprocess_exec(
        str(PREPBOT),
        "db",
        "upgrade",
        cwd=tmp_path,
        env=bot_environment(postgres_database, content, mock, 1),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(upgrade.communicate(), START_SECONDS)
    assert upgrade.returncode == 0, output.decode()
    await hold_scheduled_posts(postgres_database, holder)
    started: list[BotProcess] = []
    try:
        for name in ("bot-a", "bot-b"):
            port = free_port()
            workdir = tmp_path / name  # like separate hosts: each its own data/ and heartbeat
            workdir.mkdir()
            process = await asyncio.create_subprocess_exec(
                str(PREPBOT),
                "run",
                cwd=workdir,
                env=bot_environment(postgres_database, content, mock, port),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            started.append(BotProcess(name, port, process))
        for bot in started:
            await bot.serving()
        yield started
    finally:
        await asyncio.gather(*(bot.stop() for bot in started))


async def run_command(bot: BotProcess, mock: MockSlack, text: str, channel: str) -> str:
    """Send `/prep <text>` as the admin; the hook id its private reply will come back on."""
    body = command_body(mock, text, user=ADMIN, name="ops", channel=channel)
    assert await bot.slack(mock).form(body) == (200, "")
    return str(body["response_url"]).rsplit("/", 1)[1]


def replies_by_hook(mock: MockSlack) -> dict[str, Call]:
    return {call.headers["hook"]: call for call in mock.named("response_url")}


def posts_to(mock: MockSlack, channel: str) -> list[Call]:
    return [call for call in mock.named("chat.postMessage") if call.body.get("channel") == channel]


async def click(
    bot: BotProcess, mock: MockSlack, member: str, channel: str, message_ts: str, button: dict[str, Any]
) -> str:
    payload = action_payload(
        mock,
        {"action_id": button["action_id"], "value": button["value"]},
        user=member,
        name=member.lower(),
        message_ts=message_ts,
    )
    payload["channel"]["id"] = payload["container"]["channel_id"] = channel
    assert await bot.slack(mock).interaction(payload) == (200, "")
    return str(payload["response_url"]).rsplit("/", 1)[1]


async def poll(
    connection: asyncpg.Connection, count_sql: str, done: Callable[[int], bool], timeout: float
) -> None:
    """Query a count until `done` holds (PostgreSQL has no event to await for these)."""
    async with asyncio.timeout(timeout):
        while not done(int(await connection.fetchval(count_sql))):
            await asyncio.sleep(0.05)


async def post_now_on_both(bots: list[BotProcess], mock: MockSlack) -> None:
    before = len(mock.named("response_url"))
    posted = len(mock.named("chat.postMessage"))
    hooks = list(
        await asyncio.gather(
            *(run_command(bot, mock, "post-now", channel) for channel in POSTED_NOW for bot in bots)
        )
    )
    await mock.wait_while_coming("response_url", before + len(hooks))
    notices = [shown(replies_by_hook(mock)[hook]) for hook in hooks]
    assert sum("Posted today's question" in notice for notice in notices) == len(POSTED_NOW)
    await mock.wait_while_coming("chat.postMessage", posted + len(POSTED_NOW))
    assert all(len(posts_to(mock, channel)) == 1 for channel in POSTED_NOW)


async def answer_concurrently(
    bots: list[BotProcess], mock: MockSlack, connection: asyncpg.Connection
) -> list[tuple[str, str]]:
    """Every member answers every post-now post, alternating processes, some on both at once.
    Returns the (member, channel) answers that were meant to count."""
    posts = {
        row["channel_id"]: row["message_id"]
        for row in await connection.fetch(
            "SELECT channel_id, message_id FROM posts WHERE channel_id = ANY($1)", POSTED_NOW
        )
    }
    rng = random.Random(7)
    answers = [
        (member, channel, rng.choice(buttons(posts_to(mock, channel)[0])))
        for member, channel in itertools.product(MEMBERS, POSTED_NOW)
    ]
    doubled = set(rng.sample(range(len(answers)), DOUBLE_CLICKS))
    gate = asyncio.Semaphore(CONCURRENCY)
    before = len(mock.named("response_url"))

    async def answer(index: int) -> list[str]:
        member, channel, button = answers[index]
        targets = bots if index in doubled else [bots[index % 2]]
        async with gate:
            return list(
                await asyncio.gather(
                    *(click(bot, mock, member, channel, posts[channel], button) for bot in targets)
                )
            )

    started = time.monotonic()
    sent = [
        hook for hooks in await asyncio.gather(*(answer(i) for i in range(len(answers)))) for hook in hooks
    ]
    await mock.wait_while_coming("response_url", before + len(sent))
    elapsed = time.monotonic() - started
    print(
        f"\n{len(answers)} answers (+{DOUBLE_CLICKS} double clicks) over two processes: "
        f"{elapsed:.2f} s, {len(answers) / elapsed:.0f} answers/s"
    )
    replies = replies_by_hook(mock)
    repeated = [hook for hook in sent if ANSWERED_BEFORE in shown(replies[hook])]
    assert len(repeated) == DOUBLE_CLICKS
    assert all("points" in shown(replies[hook]) for hook in sent)  # a repeat shows the first feedback
    return [(member, channel) for member, channel, _ in answers]


async def assert_counted_once(connection: asyncpg.Connection, answers: list[tuple[str, str]]) -> None:
    attempts = await connection.fetch(
        "SELECT m.user_id, p.channel_id, a.points FROM attempts a "
        "JOIN members m ON m.id = a.member_id JOIN posts p ON p.id = a.post_id"
    )
    assert Counter((row["user_id"], row["channel_id"]) for row in attempts) == Counter(answers)
    earned = Counter[str]()
    for row in attempts:
        earned[row["user_id"]] += row["points"]
    for scope in ("all", "week:%", "month:%"):
        totals = await connection.fetch(
            "SELECT m.user_id, sum(t.points) AS points FROM totals t "
            "JOIN members m ON m.id = t.member_id WHERE t.scope LIKE $1 "
            "AND t.scope NOT LIKE '%|%' GROUP BY m.user_id",
            scope,
        )  # not the per-topic totals
        assert {row["user_id"]: row["points"] for row in totals} == {
            member: earned[member] for member in MEMBERS
        }, scope


async def test_two_processes_post_once_and_count_every_answer_once(
    bots: list[BotProcess], mock: MockSlack, postgres_database: str, holder: asyncpg.Connection
) -> None:
    connection = await asyncpg.connect(postgres_database)
    try:
        # (a) Both processes' first sweeps claim every scheduled channel at once (each claims
        # them all in one statement).
        await poll(connection, CLAIMS_WAITING, lambda n: n == len(bots), 45)
        await holder.execute("ROLLBACK")
        await mock.wait_while_coming("chat.postMessage", len(SCHEDULED))
        # (b) post-now sent to both processes for the same channels at once.
        await post_now_on_both(bots, mock)
        # (c) 500 answers spread over both processes.
        answers = await answer_concurrently(bots, mock, connection)
        await assert_counted_once(connection, answers)
        await poll(connection, UNFINISHED_POSTS, lambda n: n == 0, FINISH_SECONDS)
        served = [line for bot in bots for line in bot.lines]  # shutdown has tests of its own
        await asyncio.gather(*(bot.stop() for bot in bots))
        assert all(len(posts_to(mock, channel)) == 1 for channel in POSTED_NOW + SCHEDULED)
        rows = await connection.fetch(
            "SELECT channel_id, count(*) AS n, count(message_id) AS sent FROM posts GROUP BY channel_id"
        )
        assert {row["channel_id"]: (row["n"], row["sent"]) for row in rows} == {
            channel: (1, 1) for channel in POSTED_NOW + SCHEDULED
        }
        questions = await connection.fetch("SELECT question_id FROM posts")
        assert len({row["question_id"] for row in questions}) == len(questions)  # all distinct
        problems = [
            line
            for line in served
            if any(bad in line for bad in ("ERROR", "Traceback", BOT_TOKEN, SIGNING_SECRET))
        ]
        assert problems == []
    finally:
        await connection.close()
