"""The practice use cases (quiz, answer, skip, leaderboard) on the in-memory store: fast, no
database. The SQL store runs the same rules in tests/integration."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, cast

import pytest

from bot.answer_feedback import ANSWERED_BEFORE
from bot.bank import load_content
from bot.commands import Command
from bot.errors import NoOpenQuestion
from bot.grading import Verdict
from bot.models import Member
from bot.replies import Notice, QuestionCard
from bot.review import ReviewService
from bot.service import PracticeService
from bot.spaced_repetition import ReviewScheduler
from tests.conftest import FixedClock
from tests.fakes.practice_store import FakePracticeStore

ADA = Member(platform="test", community_id="g1", user_id="ada", display_name="Ada")
BOB = Member(platform="test", community_id="g1", user_id="bob", display_name="Bob")
ELSEWHERE = Member(platform="test", community_id="g2", user_id="eve", display_name="Eve")


@pytest.fixture
def store() -> FakePracticeStore:
    return FakePracticeStore()


@pytest.fixture
def service(content_dir: Path, store: FakePracticeStore, clock: FixedClock) -> PracticeService:
    bank = load_content([content_dir], bundled_questions=False)
    return PracticeService(
        bank,
        store,
        store,
        scheduler=ReviewScheduler(0.9),
        self_assessment=cast(Any, None),  # claims are not among these use cases
        clock=clock,
        rng=random.Random(1),
    )


async def test_a_quiz_answered_right_earns_points_once_and_a_second_answer_shows_the_first(
    service: PracticeService,
) -> None:
    card = await service.quiz(ADA, "data-preparation")
    assert isinstance(card, QuestionCard) and card.question_id == "leakage-signal"
    feedback = await service.answer(ADA, "B")
    assert feedback.verdict == Verdict.CORRECT and feedback.points > 0 and not feedback.repeat
    again = await service.answer_question(ADA, "leakage-signal", "A")
    assert again.verdict == Verdict.CORRECT and again.points == feedback.points
    assert again.total_points == feedback.total_points and ANSWERED_BEFORE in again.notes
    with pytest.raises(NoOpenQuestion):
        await service.answer(ADA, "B")
    assert feedback.total_points == feedback.points


async def test_the_same_question_answered_again_trains_without_points(service: PracticeService) -> None:
    await service.quiz(ADA, "data-preparation")
    first = await service.answer(ADA, "B")
    await service.quiz(ADA, "data-preparation")
    again = await service.answer(ADA, "B")
    assert again.repeat and again.points == 0 and again.total_points == first.points


async def test_a_wrong_answer_earns_nothing_and_keeps_the_member_off_the_board(
    service: PracticeService,
) -> None:
    await service.quiz(ADA, "data-preparation")
    feedback = await service.answer(ADA, "A")
    assert feedback.verdict == Verdict.WRONG and feedback.points == 0
    board = await service.leaderboard(ADA, "all")
    assert board.rows == () and board.caller is None


async def test_skip_records_no_answer_and_closes_the_open_question(
    service: PracticeService, store: FakePracticeStore
) -> None:
    await service.quiz(ADA, "data-preparation")
    skipped = await ReviewService(service).handle(ADA, Command("skip"))
    assert isinstance(skipped, Notice) and "Skipped" in skipped.text
    assert store.attempts == []
    with pytest.raises(NoOpenQuestion):
        await service.answer(ADA, "B")
    with pytest.raises(NoOpenQuestion):
        await ReviewService(service).handle(ADA, Command("skip"))


async def test_the_leaderboard_ranks_by_points_per_community_and_period(
    service: PracticeService, clock: FixedClock
) -> None:
    for member in (ADA, BOB, ELSEWHERE):
        await service.quiz(member, "data-preparation")
        await service.answer(member, "B")
    card = await service.quiz(ADA, "unsupervised-learning")
    assert isinstance(card, QuestionCard)
    await service.answer(ADA, {"pca-name": "PCA", "kmeans-name": "k-means"}[card.question_id])
    board = await service.leaderboard(BOB, "week")
    assert [(row.rank, row.name) for row in board.rows] == [(1, "Ada"), (2, "Bob")]
    assert board.caller is not None and (board.caller.rank, board.caller.name) == (2, "Bob")
    clock.advance(days=8)
    assert (await service.leaderboard(BOB, "week")).rows == ()
    assert len((await service.leaderboard(BOB, "all")).rows) == 2
