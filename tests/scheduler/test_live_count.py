"""The live answer count under a daily post: refreshed after answers, and a refresh the database
fails is logged for operators, while the member's answer still counts."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from bot.replies import QuestionCard
from tests.conftest import FixedClock
from tests.scheduler.conftest import ADA, Worker, berlin


async def posted_card(worker: Worker, clock: FixedClock) -> QuestionCard:
    clock.current = berlin(2026, 11, 17, 8, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin fundamentals easy")
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.catch_up()
    [card] = [r for r in worker.publisher.daily_posts() if isinstance(r, QuestionCard)]
    assert card.post_id is not None
    return card


def count_edits(worker: Worker) -> list[int | None]:
    return [r.answered_count for _, _, r in worker.publisher.edits if isinstance(r, QuestionCard)]


async def test_an_answer_refreshes_the_count_in_the_channels_time_zone(
    worker: Worker, clock: FixedClock
) -> None:
    card = await posted_card(worker, clock)
    assert card.post_id is not None
    await worker.daily.answer_post(ADA, card.post_id, "B")
    await worker.daily.poster.settle()
    [edited] = [r for _, _, r in worker.publisher.edits if isinstance(r, QuestionCard)]
    assert edited.answered_count == 1 and count_edits(worker) == [1]
    assert edited.closes_at is not None and card.closes_at is not None
    assert edited.closes_at == card.closes_at and str(edited.closes_at.tzinfo) == "Europe/Berlin"


async def test_a_refresh_the_database_fails_is_logged_and_the_answer_stands(
    worker: Worker, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    card = await posted_card(worker, clock)
    assert card.post_id is not None
    async with worker.core.store.engine.begin() as conn:  # the refresh reads the channel's schedule
        await conn.execute(text("ALTER TABLE schedules RENAME TO schedules_gone"))
    with caplog.at_level(logging.ERROR, logger="prepbot.daily"):
        feedback = await worker.daily.answer_post(ADA, card.post_id, "B")
        await worker.daily.poster.settle()
    assert feedback.verdict == "correct"
    assert count_edits(worker) == []
    assert f"live count of post {card.post_id} not updated" in caplog.text
