"""The practice use cases against real databases: SQLite always, PostgreSQL when one answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.answer_feedback import ANSWERED_BEFORE
from bot.bootstrap import Core, bootstrap
from bot.commands import parse
from bot.errors import AlreadyAnswered, InvalidAnswer, NoOpenQuestion, NotFound, QuestionGone
from bot.grading import Verdict
from bot.models import Channel, Member
from bot.replies import AnswerFeedback, Leaderboard, QuestionCard, TopicCount
from bot.settings import Settings
from bot.storage.tables import attempts
from tests.conftest import FixedClock


def member(user: str, community: str = "g1", name: str | None = None) -> Member:
    return Member(platform="test", community_id=community, user_id=user, display_name=name or user.title())


async def practise(core: Core, who: Member, question_id: str, response: str) -> AnswerFeedback:
    """Ask `who` the question (as /prep quiz would), then answer it."""
    await core.store.set_pending(who, question_id, None, datetime(2026, 1, 1, tzinfo=UTC))
    return await core.service.answer_question(who, question_id, response)


async def attempt_count(core: Core) -> int:
    async with core.store.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(attempts)) or 0)


async def test_quiz_then_answer_grades_scores_and_closes_the_question(core: Core) -> None:
    alice = member("alice")
    card = await core.service.quiz(alice, "unsupervised-learning")
    assert card.kind == "short" and not card.options
    answer = "PCA" if card.question_id == "pca-name" else "k means"
    feedback = await core.service.answer(alice, answer)
    assert feedback.verdict == Verdict.CORRECT and feedback.points > 0
    assert feedback.total_points == feedback.points and not feedback.repeat
    with pytest.raises(NoOpenQuestion):
        await core.service.answer(alice, "again")


async def test_points_are_earned_once_per_member_per_question(core: Core) -> None:
    alice, bob = member("alice"), member("bob")
    first = await practise(core, alice, "underfit-diagnosis", "A")
    second = await practise(core, alice, "underfit-diagnosis", "B")
    assert first.verdict == Verdict.WRONG and first.points == 0
    assert second.verdict == Verdict.CORRECT and second.points == 0 and second.repeat
    elsewhere = await practise(core, member("alice", "g2"), "underfit-diagnosis", "B")
    assert elsewhere.points > 0 and not elsewhere.repeat
    bobs = await practise(core, bob, "underfit-diagnosis", "B")
    assert bobs.points > 0
    assert await attempt_count(core) == 4


async def test_leaderboard_shows_top_ten_and_the_callers_rank_outside_it(core: Core) -> None:
    for index in range(12):
        player = member(f"p{index:02d}")
        await practise(core, player, "underfit-diagnosis", "B")
        if index < 11:
            await practise(core, player, "leakage-signal", "B")
    board = await core.service.leaderboard(member("p11"), "all")
    assert len(board.rows) == 10
    assert all(row.rank == 1 for row in board.rows)
    assert board.caller is not None and board.caller.rank == 12
    assert not any(row.is_caller for row in board.rows)
    mine = await core.service.leaderboard(member("p03"), "all")
    assert mine.caller is not None and mine.caller.rank == 1
    assert [row.is_caller for row in mine.rows].count(True) == 1


async def test_week_and_month_boards_start_afresh(core: Core, clock: FixedClock) -> None:
    await practise(core, member("alice"), "underfit-diagnosis", "B")
    clock.advance(days=7)
    await practise(core, member("bob"), "leakage-signal", "B")
    week = await core.service.leaderboard(member("alice"), "week")
    assert [row.name for row in week.rows] == ["Bob"] and week.caller is None
    everything = await core.service.leaderboard(member("alice"), "all")
    assert [row.name for row in everything.rows] == ["Bob", "Alice"]


async def test_topic_leaderboard_counts_only_that_topic(core: Core) -> None:
    await practise(core, member("alice"), "underfit-diagnosis", "B")
    await practise(core, member("bob"), "leakage-signal", "B")
    board = await core.service.leaderboard(member("alice"), "week", "data-preparation")
    assert [row.name for row in board.rows] == ["Bob"]
    assert board.topic_title and board.caller is None


async def test_stats_show_accuracy_by_topic_and_streak(core: Core, clock: FixedClock) -> None:
    alice = member("alice")
    await practise(core, alice, "underfit-diagnosis", "B")
    clock.advance(days=1)
    await practise(core, alice, "leakage-signal", "A")
    stats = await core.service.stats(alice)
    assert (stats.answered, stats.correct, stats.streak) == (2, 1, 2)
    assert {t.topic_title: (t.correct, t.answered) for t in stats.by_topic} == {
        "ML fundamentals": (1, 1),
        "Data preparation and features": (0, 1),
    }
    clock.advance(days=3)
    assert (await core.service.stats(alice)).streak == 0
    by_name = await core.service.stats(member("bob"), "alice")
    assert by_name.name == "Alice" and by_name.points == stats.points
    with pytest.raises(NotFound):
        await core.service.stats(alice, "nobody-here")


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x07", "x" * 10_000])
async def test_bad_answers_store_nothing(core: Core, bad: str) -> None:
    alice = member("alice")
    await core.service.quiz(alice, "fundamentals")
    with pytest.raises(InvalidAnswer):
        await core.service.answer(alice, bad)
    assert await attempt_count(core) == 0
    assert await core.store.get_pending(alice) is not None


async def test_unicode_answers_are_stored_as_typed(core: Core) -> None:
    alice = member("alice", name="אליס 👩‍💻")
    feedback = await practise(core, alice, "pca-name", "تحليل المكونات 🤔\u202e")
    assert feedback.verdict == Verdict.WRONG
    async with core.store.engine.connect() as conn:
        stored = await conn.scalar(select(attempts.c.response))
    assert stored == "تحليل المكونات 🤔"
    board = await core.service.leaderboard(alice, "all")
    assert board.caller is None


async def test_a_question_removed_from_the_bank_is_reported(core: Core) -> None:
    with pytest.raises(QuestionGone):
        await practise(core, member("alice"), "no-such-question", "A")
    assert await attempt_count(core) == 0


async def test_a_practice_question_is_answered_once_per_asking(core: Core) -> None:
    alice = member("alice")
    await core.store.set_pending(alice, "underfit-diagnosis", None, datetime(2026, 1, 1, tzinfo=UTC))
    first = await core.service.answer_question(alice, "underfit-diagnosis", "B")
    again = await core.service.answer_question(alice, "underfit-diagnosis", "A")
    assert await attempt_count(core) == 1
    assert (await core.service.stats(alice)).answered == 1
    # The repeated click is shown what the first one got: its grade, points and why.
    assert again.notes == (*first.notes, ANSWERED_BEFORE)
    assert replace(again, notes=first.notes) == first


async def test_a_replaced_question_never_answered_is_not_answered_from_its_old_card(core: Core) -> None:
    alice = member("alice")
    await core.store.set_pending(alice, "underfit-diagnosis", None, datetime(2026, 1, 1, tzinfo=UTC))
    await core.store.set_pending(alice, "leakage-signal", None, datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(AlreadyAnswered):
        await core.service.answer_question(alice, "underfit-diagnosis", "B")
    assert await attempt_count(core) == 0


RECSYS_PACK = """pack: recsys
title: Our recommender questions
topics:
  - id: recsys
    title: Recommender systems
    aliases: [recommenders, two-tower]
questions:
  - id: recsys-retrieval-stage
    kind: choice
    topic: recsys
    difficulty: medium
    prompt: Which stage of a two-stage recommender narrows millions of items to hundreds?
    options: [Ranking, Candidate retrieval, Re-ranking for diversity, Logging]
    answer: B
    explanation: Retrieval is cheap and recall-oriented; ranking then orders the shortlist.
    sources: [general]
"""


async def test_a_topic_declared_by_a_group_pack_works_everywhere(content_dir: Path, tmp_path: Path) -> None:
    group = tmp_path / "group"
    group.mkdir()
    (group / "recsys.yaml").write_text(RECSYS_PACK, encoding="utf-8")
    settings = Settings(
        bundled_questions=False,
        content_dir=f"{content_dir}:{group}",
        database_url=f"sqlite:///{tmp_path / 'recsys.db'}",
        _env_file=None,
    )
    app = await bootstrap(settings)
    core, router = app.core, app.dispatcher
    try:
        alice = member("alice")
        here = Channel(platform=alice.platform, community_id=alice.community_id, channel_id="c1")
        listed = {t.slug: t for t in router.topics().topics}
        assert listed["recsys"] == TopicCount(
            "recsys", "Recommender systems", 1, ("recommenders", "two-tower")
        )
        assert listed["fundamentals"].aliases == ("basics",)
        card = await router.run(alice, here, parse("/prep quiz recommenders"), is_admin=False)
        assert isinstance(card, QuestionCard) and card.topic_title == "Recommender systems"
        await core.service.answer(alice, "B")
        board = await router.run(alice, here, parse("/prep leaderboard week two tower"), is_admin=False)
        assert isinstance(board, Leaderboard) and board.topic_title == "Recommender systems"
        assert [row.name for row in board.rows] == ["Alice"]
        stats = await core.service.stats(alice)
        assert [(t.topic_title, t.correct) for t in stats.by_topic] == [("Recommender systems", 1)]
    finally:
        await app.close()
