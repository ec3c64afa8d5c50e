"""kill -9 a real `prepbot run` (Slack over HTTP, the mock Slack Web API) at each step of a daily
post and during a burst of clicks, restart it, and check what members see: one answerable post
per channel and day, and feedback for every answer that counted.

The restart stands for a process started after the dead one's claim lease ran out (five
minutes): the test ends the lease in the database instead of waiting for it. The table of
fault -> posts seen -> answers recorded/replied is printed (pytest -s shows it).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.answer_feedback import ANSWERED_BEFORE
from bot.storage.engine import create_engine
from tests.adapters.slack.mock_slack import TEAM_ID, MockSlack
from tests.adapters.slack.slack_client import buttons, feedback_blocks, free_port, shown
from tests.conftest import SMALL_PACK
from tests.deploy.test_two_processes import (
    ADMIN,
    BotProcess,
    bot_environment,
    click,
    replies_by_hook,
    run_command,
)
from tests.ops.processes import PREPBOT, prepbot

CHANNEL = "CKILL"
FAULTS = ("before send", "after send, before the id is stored", "after the id is stored")


@pytest.fixture
async def mock() -> AsyncIterator[MockSlack]:
    server = MockSlack()
    server.real_time_ts = True
    await server.start()
    server.add_user(ADMIN, "ops", admin=True)
    yield server
    await server.stop()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """Only multiple-choice questions, so every post is answered by a click."""
    folder = tmp_path / "choice-only"
    folder.mkdir()
    (folder / "sample.yaml").write_text(SMALL_PACK.split("  - id: pca-name")[0], encoding="utf-8")
    return folder


class Deployment:
    """`prepbot run` processes one after another on one database and one mock Slack."""

    def __init__(self, database: str, content: Path, mock: MockSlack, workdir: Path) -> None:
        self.database, self.content, self.mock, self.workdir = database, content, mock, workdir
        self.engine: AsyncEngine = create_engine(database)

    async def start(self) -> BotProcess:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            PREPBOT,
            "run",
            cwd=self.workdir,
            env=bot_environment(self.database, self.content, self.mock, port),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        bot = BotProcess("prepbot", port, process)
        await bot.serving()
        return bot

    async def kill(self, bot: BotProcess) -> None:
        bot.process.kill()  # SIGKILL: no shutdown of any kind
        await bot.process.wait()
        if bot._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(bot._reader, 5)
        async with self.engine.begin() as conn:  # as if the lease had run out
            await conn.execute(
                text("UPDATE posts SET lease_until = :past WHERE message_id IS NULL"),
                {"past": datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)},
            )

    async def scalar(self, sql: str) -> int:
        async with self.engine.connect() as conn:
            return int(await conn.scalar(text(sql)) or 0)

    async def until(self, sql: str, done: int, timeout: float = 30) -> None:
        async with asyncio.timeout(timeout):
            while await self.scalar(sql) < done:
                await asyncio.sleep(0.05)

    async def schedule_due_now(self) -> None:
        """CHANNEL's schedule, set yesterday, with its post time a minute ago: due at start."""
        now = datetime.now(UTC).replace(tzinfo=None)
        async with self.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO schedules (platform, channel_id, community_id, post_time, timezone, "
                    "active_since, set_by) VALUES ('slack', :channel, :team, :time, 'UTC', :since, :admin)"
                ),
                {
                    "channel": CHANNEL,
                    "team": TEAM_ID,
                    "time": (now - timedelta(minutes=1)).strftime("%H:%M"),
                    "since": now - timedelta(days=1) + timedelta(minutes=2),
                    "admin": ADMIN,
                },
            )


@pytest.fixture
async def deployment(
    database_url: str, content: Path, mock: MockSlack, tmp_path: Path
) -> AsyncIterator[Deployment]:
    upgraded = prepbot("db", "upgrade", env=bot_environment(database_url, content, mock, 1), cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    ready = Deployment(database_url, content, mock, tmp_path)
    yield ready
    await ready.engine.dispose()


def visible_posts(mock: MockSlack) -> list[dict]:
    """Daily posts a member can see in the channel (they carry the post's metadata)."""
    return [m for m in mock.history.get(CHANNEL, []) if m.get("metadata")]


async def test_kill_nine_at_each_step_of_a_post_leaves_one_answerable_post(
    deployment: Deployment, mock: MockSlack, database_url: str
) -> None:
    backend = database_url.split(":", 1)[0]
    rows = [
        await run_case(deployment, mock, kind, fault, backend)
        for kind in ("scheduled", "post-now")
        for fault in FAULTS
    ]
    print("\n" + "\n".join(rows))


async def run_case(deployment: Deployment, mock: MockSlack, kind: str, fault: str, backend: str) -> str:
    """One kill -9 and restart; the table row of what members saw."""
    async with deployment.engine.begin() as conn:  # a fresh channel day for each case
        await conn.execute(text("DELETE FROM attempts"))
        await conn.execute(text("DELETE FROM posts"))
        await conn.execute(text("DELETE FROM schedules"))
    mock.history.pop(CHANNEL, None)
    posted_before = len(mock.calls_to("chat.postMessage"))
    if fault == FAULTS[0]:
        mock.fail_next("chat.postMessage", 429, retry_after=60)  # refused: nothing visible
    elif fault == FAULTS[1]:
        mock.delay_next("chat.postMessage", 60)  # accepted and visible, the answer held back
    if kind == "scheduled":
        await deployment.schedule_due_now()
    bot = await deployment.start()
    if kind == "post-now":
        await run_command(bot, mock, "post-now", CHANNEL)
    async with asyncio.timeout(30):
        while len(mock.calls_to("chat.postMessage")) == posted_before:
            await asyncio.sleep(0.05)
    if fault == FAULTS[2]:
        await deployment.until("SELECT count(*) FROM posts WHERE message_id IS NOT NULL", 1)
    await deployment.kill(bot)
    seen_at_kill = len(visible_posts(mock))
    restarted = await deployment.start()
    try:
        await deployment.until("SELECT count(*) FROM posts WHERE message_id IS NOT NULL", 1)
        # Asked again, the bot says the day's question is out: it will not post it twice.
        replies = len(mock.named("response_url"))
        hook = await run_command(restarted, mock, "post-now", CHANNEL)
        await mock.wait_while_coming("response_url", replies + 1)
        assert "already posted" in shown(replies_by_hook(mock)[hook])
        posts = visible_posts(mock)
        assert len(posts) == 1, f"{kind}, {fault}: {len(posts)} posts"
        sent = [c for c in mock.calls_to("chat.postMessage") if c.body.get("channel") == CHANNEL][-1]
        stored = await deployment.scalar(f"SELECT count(*) FROM posts WHERE message_id = '{posts[0]['ts']}'")
        assert stored == 1  # the visible message is the one its buttons answer to
        hook = await click(restarted, mock, "UKILLMEMBER", CHANNEL, posts[0]["ts"], buttons(sent)[0])
        await mock.wait_while_coming("response_url", replies + 2)
        answered = "points" in shown(replies_by_hook(mock)[hook])
        assert answered
    finally:
        await restarted.stop()
    recorded = await deployment.scalar("SELECT count(*) FROM attempts")
    return (
        f"{backend:10} | {kind:9} | kill -9 {fault:37} | posts seen at kill {seen_at_kill}, "
        f"after restart {len(posts)} | answers recorded {recorded}, replied {int(answered)}"
    )


BURST = 300
AT_ONCE = 40


async def click_or_none(bot: BotProcess, mock: MockSlack, member: str, ts: str, button: dict) -> str | None:
    """The hook a click's reply comes back on; None when the process died before acking it."""
    try:
        return await click(bot, mock, member, CHANNEL, ts, button)
    except (TimeoutError, OSError, AssertionError, aiohttp.ClientError):
        return None


async def test_kill_nine_during_a_click_burst_loses_no_answered_click(
    deployment: Deployment, mock: MockSlack, database_url: str
) -> None:
    bot = await deployment.start()
    await run_command(bot, mock, "post-now", CHANNEL)
    await deployment.until("SELECT count(*) FROM posts WHERE message_id IS NOT NULL", 1)
    [post] = visible_posts(mock)
    sent = [c for c in mock.calls_to("chat.postMessage") if c.body.get("channel") == CHANNEL][-1]
    choices = buttons(sent)
    members = [f"UK{n:04d}" for n in range(BURST)]
    gate = asyncio.Semaphore(AT_ONCE)
    replied_before = len(mock.named("response_url"))

    async def one(n: int) -> str | None:
        async with gate:
            return await click_or_none(bot, mock, members[n], post["ts"], choices[n % len(choices)])

    burst = asyncio.gather(*(one(n) for n in range(BURST)))
    await mock.wait_while_coming("response_url", replied_before + BURST // 3)
    await deployment.kill(bot)
    hooks = dict(zip(members, await burst, strict=True))
    first = replies_by_hook(mock)
    replied = {m for m, hook in hooks.items() if hook in first}
    async with deployment.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT m.user_id FROM attempts a JOIN members m ON m.id = a.member_id")
        )
        recorded = {row.user_id for row in rows}
    assert replied <= recorded  # every click that got feedback counted
    restarted = await deployment.start()
    try:
        again: dict[str, str] = {}
        before = len(mock.named("response_url"))
        for member in sorted(recorded):
            again[member] = await click(restarted, mock, member, CHANNEL, post["ts"], choices[0])
        await mock.wait_while_coming("response_url", before + len(recorded))
    finally:
        await restarted.stop()
    shown_again = replies_by_hook(mock)
    assert all(ANSWERED_BEFORE in shown(shown_again[hook]) for hook in again.values())
    assert all(
        feedback_blocks(shown_again[again[m]]) == feedback_blocks(first[hooks[m]]) for m in replied
    )  # the same grade, points and explanation as the first time
    acked = {member for member, hook in hooks.items() if hook is not None}
    backend = database_url.split(":", 1)[0]
    print(
        f"\n{backend:10} | kill -9 during a {BURST}-click burst | acked {len(acked)}"
        f" | recorded {len(recorded)} | replied {len(replied)}"
        f" | recorded without a reply {len(recorded - replied)}"
        f" | acked but never recorded {len(acked - recorded)} | feedback shown again {len(again)}"
    )


async def test_a_day_that_cannot_be_posted_after_a_kill_is_reported_to_the_admin(
    deployment: Deployment, mock: MockSlack, database_url: str
) -> None:
    mock.fail_next("chat.postMessage", 429, retry_after=60)
    await deployment.schedule_due_now()
    bot = await deployment.start()
    async with asyncio.timeout(30):
        while not mock.calls_to("chat.postMessage"):
            await asyncio.sleep(0.05)
    await deployment.kill(bot)
    mock.refuse_channel(CHANNEL, "not_in_channel")  # the bot was removed while it was down
    restarted = await deployment.start()
    try:
        await deployment.until("SELECT count(*) FROM schedules WHERE paused", 1)
        replies = len(mock.named("response_url"))
        hook = await run_command(restarted, mock, "schedule show", CHANNEL)
        await mock.wait_while_coming("response_url", replies + 1)
        told = shown(replies_by_hook(mock)[hook])
    finally:
        await restarted.stop()
    assert visible_posts(mock) == []
    assert "could not be posted" in told and "Paused because the bot cannot post here" in told
    backend = database_url.split(":", 1)[0]
    print(
        f"\n{backend:10} | scheduled | kill -9 before send, then not_in_channel | posts seen 0"
        f" | admin told: {'yes' if 'could not be posted' in told else 'no'}"
    )
