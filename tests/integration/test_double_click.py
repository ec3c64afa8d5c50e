"""A member who clicks an answer twice at once gets the first click's feedback twice: the
database decides which click counts (no adapter keeps a lock per member)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.answer_feedback import ANSWERED_BEFORE
from bot.bootstrap import Core, build_router
from bot.models import Member
from bot.storage.tables import attempts


async def test_two_clicks_at_once_record_one_answer_and_show_its_feedback_twice(core: Core) -> None:
    router = build_router(core)
    ada = Member(platform="discord", community_id="g1", user_id="ada", display_name="Ada")
    await core.store.set_pending(ada, "underfit-diagnosis", None, datetime(2026, 1, 1, tzinfo=UTC))
    replies = await asyncio.gather(
        router.answer(ada, "underfit-diagnosis", "B"), router.answer(ada, "underfit-diagnosis", "B")
    )
    async with core.store.engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(attempts)) == 1
    # Whichever click the database took first counts; the other is shown that one's feedback.
    counted, repeated = sorted(replies, key=lambda reply: ANSWERED_BEFORE in reply.notes)  # type: ignore[union-attr]
    assert ANSWERED_BEFORE not in counted.notes  # type: ignore[union-attr]
    assert ANSWERED_BEFORE in repeated.notes  # type: ignore[union-attr]
    assert (repeated.verdict, repeated.points) == (counted.verdict, counted.points)  # type: ignore[union-attr]
