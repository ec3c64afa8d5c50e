"""Posting a daily question reads its post row once: no step reads again what another step
already read (on a few hundred channels every read counts)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bot.bootstrap import Core
from bot.replies import QuestionCard
from tests.conftest import FixedClock
from tests.scheduler.conftest import CHANNEL, Worker, berlin


@contextmanager
def post_row_reads(core: Core) -> Iterator[list[str]]:
    """The statements that read whole rows of the posts table."""
    reads: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "posts.send_started_at" in statement:
            reads.append(statement)

    engines = [e for e in (core.store.engine.sync_engine, core.store.transactions.sync_engine) if e]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield reads
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


async def test_a_scheduled_post_reads_its_row_once(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 17, 8, 0)  # a Tuesday: no weekly board
    await worker.command("/prep schedule set 09:00 Europe/Berlin")
    clock.current = berlin(2026, 11, 17, 9, 0)
    with post_row_reads(worker.core) as reads:
        await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    assert [type(reply) for reply in worker.publisher.daily_posts()] == [QuestionCard]
    assert len(reads) == 1, reads


async def test_finishing_an_unfinished_post_reads_its_row_once(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 17, 8, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin")
    clock.current = berlin(2026, 11, 17, 9, 0)
    worker.publisher.lose_answers = 1  # posted, but the platform's answer never comes
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    clock.current = berlin(2026, 11, 17, 9, 10)  # the claim's lease has run out
    with post_row_reads(worker.core) as reads:
        await worker.daily.poster.catch_up()
    assert len(worker.publisher.daily_posts()) == 1  # found, not posted again
    assert worker.publisher.lookups == 1
    # the unfinished posts and the posts waiting for a reveal (whether the day has its post is
    # read with every other channel's day, not row by row)
    assert len(reads) == 2, reads
