"""Topic leaderboards read running totals; those totals always equal a recount of the attempts."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import select

from bot.bootstrap import Core
from bot.errors import AlreadyAnswered
from bot.models import Member
from bot.scopes import BoardScope
from bot.storage.migrate import _config, upgrade
from bot.storage.tables import attempts, totals
from bot.storage.writes import topic_scope
from tests.conftest import FixedClock

ANSWERS = {
    "underfit-diagnosis": ["B", "A", "C"],
    "leakage-signal": ["A", "B"],
    "pca-name": ["PCA", "LDA"],
    "kmeans-name": ["k-means", "dbscan"],
    "explain-overfitting": ["It memorises noise, so add L2 regularisation.", "no idea"],
}


async def recounted(core: Core) -> dict[str, tuple[int, int]]:
    """(points, correct) per member-and-scope, recomputed from every scored attempt."""
    points: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    async with core.store.engine.connect() as conn:
        rows = (await conn.execute(select(attempts).where(attempts.c.scored))).all()
    for row in rows:
        local = row.answered_at.astimezone(core.service.zone)
        for period in ("all", "week", "month"):
            key = f"{row.member_id}/{topic_scope(BoardScope.for_period(period, local).key, row.topic)}"
            points[key] += row.points
            correct[key] += row.verdict == "correct"
    return {key: (points[key], correct[key]) for key in points if points[key] or correct[key]}


async def stored(core: Core) -> dict[str, tuple[int, int]]:
    async with core.store.engine.connect() as conn:
        rows = (await conn.execute(select(totals).where(totals.c.scope.contains("|")))).all()
    return {f"{r.member_id}/{r.scope}": (r.points, r.correct) for r in rows if r.points or r.correct}


async def test_topic_totals_equal_a_recount_after_many_answers_over_weeks(
    core: Core, clock: FixedClock
) -> None:
    rng = random.Random(7)
    people = [Member(platform="test", community_id="g1", user_id=f"u{i}") for i in range(6)]
    for _ in range(120):
        clock.advance(hours=rng.choice([1, 5, 30]))
        who, question = rng.choice(people), rng.choice(list(ANSWERS))
        await core.store.set_pending(who, question, None, clock.now())
        with contextlib.suppress(AlreadyAnswered):
            await core.service.answer_question(who, question, rng.choice(ANSWERS[question]))
    expected = await recounted(core)
    assert expected and await stored(core) == expected


async def test_a_topic_board_ranks_by_that_topics_points_only(core: Core) -> None:
    ada, bob = (
        Member(platform="test", community_id="g1", user_id=u, display_name=u.title()) for u in ("ada", "bob")
    )
    for who, question, answer in (
        (ada, "pca-name", "PCA"),
        (bob, "kmeans-name", "k-means"),
        (bob, "pca-name", "PCA"),
        (ada, "underfit-diagnosis", "B"),
    ):
        await core.store.set_pending(who, question, None, datetime(2026, 1, 1, tzinfo=UTC))
        await core.service.answer_question(who, question, answer)
    board = await core.service.leaderboard(ada, "week", "unsupervised-learning")
    assert [(row.name, row.rank) for row in board.rows] == [("Bob", 1), ("Ada", 2)]
    assert board.caller is not None and board.caller.rank == 2


async def test_upgrading_an_existing_database_backfills_topic_totals(core: Core) -> None:
    ada = Member(platform="test", community_id="g1", user_id="ada", display_name="Ada")
    for question, answer in (("pca-name", "PCA"), ("kmeans-name", "k-means")):
        await core.store.set_pending(ada, question, None, datetime(2026, 1, 1, tzinfo=UTC))
        await core.service.answer_question(ada, question, answer)
    before = await stored(core)
    async with core.store.engine.begin() as conn:
        await conn.run_sync(lambda sync: command.downgrade(_config(sync, "UTC"), "0004"))
    assert await stored(core) == {}
    await upgrade(core.store.engine, timezone="UTC")
    assert before and await stored(core) == before
