"""Self-assessment: a member claims a key point the grader missed; the grade and points stay."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.bootstrap import Core
from bot.commands import parse
from bot.errors import NotFound, UsageError
from bot.models import Channel, Member
from bot.replies import AnswerFeedback, Notice, Tone, reference_code
from bot.storage.self_assessments import SelfAssessmentStore
from bot.storage.tables import review_logs
from tests.conftest import TestBot

ADA = Member(platform="test", community_id="g1", user_id="ada", display_name="Ada")
HERE = Channel(platform="test", community_id="g1", channel_id="c1")
# Makes point 1 (noise) and point 2 (regularisation), misses point 3 (more data, early stopping).
PARTIAL = (
    "Overfitting means the model memorises noise in the training set. I would add L2 "
    "regularisation to the loss."
)


async def answer_open(core: Core) -> AnswerFeedback:
    await core.store.set_pending(ADA, "explain-overfitting", None, datetime(2026, 1, 1, tzinfo=UTC))
    return await core.service.answer_question(ADA, "explain-overfitting", PARTIAL)


async def test_claiming_a_missed_point_is_recorded_and_leaves_points_alone(
    testbot: TestBot, core: Core
) -> None:
    feedback = await answer_open(core)
    assert feedback.claimable == (3,)
    before = await core.service.leaderboard(ADA, "all")
    noted = await testbot.send("/prep claim 3")
    assert isinstance(noted, Notice) and noted.tone == Tone.SUCCESS and "point 3" in noted.text
    again = await testbot.send("/prep claim 3")
    assert isinstance(again, Notice) and "already said" in again.text
    made = await testbot.send("/prep claim 1")
    assert isinstance(made, Notice) and "already credited" in made.text
    after = await core.service.leaderboard(ADA, "all")
    assert after.caller == before.caller
    store = SelfAssessmentStore(core.store)
    assert await store.claims_per_point("test:g1", "explain-overfitting") == {3: 1}


@pytest.mark.parametrize("line", ["/prep claim 9", "/prep claim two", "/prep claim", "/prep claim 1 2 3"])
async def test_a_claim_that_names_no_missed_point_is_refused_and_changes_nothing(
    testbot: TestBot, core: Core, line: str
) -> None:
    await answer_open(core)
    with pytest.raises(UsageError):
        await testbot.app.dispatcher.run(ADA, HERE, parse(line), is_admin=False)
    assert await SelfAssessmentStore(core.store).claims_per_point("test:g1", "explain-overfitting") == {}


async def test_a_claim_before_any_interview_answer_says_what_to_do(core: Core) -> None:
    with pytest.raises(NotFound, match="/prep quiz"):
        await core.service.self_assessment.claim(ADA, 1)


async def test_admins_see_claims_in_the_questions_statistics_and_members_cannot(
    testbot: TestBot, core: Core
) -> None:
    await answer_open(core)
    await testbot.send("/prep claim 3")
    card_code = reference_code("explain-overfitting")
    stats = await testbot.send(f"/prep question {card_code}", admin=True)
    assert isinstance(stats, Notice)
    assert "first answers here: 1 (1 correct, 0 partly right, 0 wrong)" in stats.text
    assert "Point 3 (Names more data or early stopping): 1 said they covered it" in stats.text
    refused = await testbot.send(f"/prep question {card_code}")
    assert isinstance(refused, Notice) and refused.tone == Tone.ERROR and "admins" in refused.text
    unknown = await testbot.send("/prep question QFFFFFF", admin=True)
    assert isinstance(unknown, Notice) and "No question has the code" in unknown.text


async def test_a_claim_that_lifts_the_answer_reschedules_its_review(testbot: TestBot, core: Core) -> None:
    await core.store.set_pending(ADA, "explain-overfitting", None, datetime(2026, 1, 1, tzinfo=UTC))
    thin = "Overfitting means the model memorises noise in the training data."
    feedback = await core.service.answer_question(ADA, "explain-overfitting", thin)
    assert feedback.claimable == (2, 3)
    await testbot.send("/prep claim 2")
    async with core.store.engine.connect() as conn:
        ratings = (
            await conn.execute(select(review_logs.c.rating, review_logs.c.source).order_by(review_logs.c.id))
        ).all()
    assert [tuple(r) for r in ratings] == [(2, "quiz"), (3, "claim")]
