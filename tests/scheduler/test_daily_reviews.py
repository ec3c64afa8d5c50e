"""Answers to a channel's daily question rate the member's review card too."""

from __future__ import annotations

from sqlalchemy import select

from bot.bootstrap import build_router
from bot.replies import QuestionCard, ReplySequence
from bot.storage.tables import review_logs
from tests.conftest import FixedClock
from tests.scheduler.conftest import ADA, BOB, CHANNEL, Worker, berlin


async def test_daily_answers_rate_cards_and_a_missed_one_comes_back_in_review(
    worker: Worker, clock: FixedClock
) -> None:
    clock.current = berlin(2026, 11, 16, 8, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin fundamentals easy")
    clock.current = berlin(2026, 11, 16, 9, 0)
    await worker.daily.poster.catch_up()
    [card] = [r for _, r, _ in worker.publisher.posts if isinstance(r, QuestionCard)]
    assert card.post_id is not None
    await worker.daily.answer_post(ADA, card.post_id, "A")
    await worker.daily.answer_post(BOB, card.post_id, "B")
    async with worker.core.store.engine.connect() as conn:
        logged = (
            await conn.execute(select(review_logs.c.rating, review_logs.c.source).order_by(review_logs.c.id))
        ).all()
    assert logged == [(1, "daily"), (3, "daily")]
    clock.current = berlin(2026, 11, 16, 10, 0)
    dispatcher = build_router(worker.core, worker.daily)
    review = await dispatcher.handle_text(ADA, CHANNEL, "/prep review", is_admin=False)
    assert isinstance(review, ReplySequence)
    assert [p.question_id for p in review.parts if isinstance(p, QuestionCard)] == [card.question_id]
    answered = await dispatcher.handle_text(ADA, CHANNEL, "/prep answer B", is_admin=False)
    assert isinstance(answered, ReplySequence) and answered.parts[0].points == 0  # type: ignore[union-attr]
