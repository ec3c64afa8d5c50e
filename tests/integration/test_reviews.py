"""Spaced repetition, again, skip and weak spots against real databases (SQLite and PostgreSQL),
with the clock moved by hand to see reviews fall due."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.bootstrap import Core
from bot.errors import NoOpenQuestion
from bot.grading import Verdict
from bot.models import Channel, Member
from bot.replies import AnswerFeedback, Notice, QuestionCard, Reply, ReplySequence, Stats
from bot.storage.tables import attempts, review_cards, review_logs, totals
from tests.conftest import FixedClock, TestBot

ADA = Member(platform="test", community_id="g1", user_id="ada", display_name="Ada")
CHANNEL = Channel(platform="test", community_id="g1", channel_id="c1")
OVERFITTING = (
    "Overfitting is when the model memorises noise. I would add L2 regularisation and collect more data."
)
ANSWERS = {
    "underfit-diagnosis": "B",
    "leakage-signal": "B",
    "pca-name": "PCA",
    "kmeans-name": "k-means",
    "explain-overfitting": OVERFITTING,
}
WRONG = {"leakage-signal": "A", "pca-name": "LDA", "underfit-diagnosis": "A", "kmeans-name": "DBSCAN"}


def parts(reply: Reply) -> tuple[Any, ...]:
    return reply.parts if isinstance(reply, ReplySequence) else (reply,)


def card_of(reply: Reply) -> QuestionCard:
    [card] = [p for p in parts(reply) if isinstance(p, QuestionCard)]
    return card


def words(reply: Reply) -> str:
    return " ".join(p.text for p in parts(reply) if isinstance(p, Notice))


async def rows(core: Core, query: Any) -> list[Any]:
    async with core.store.engine.connect() as conn:
        return list((await conn.execute(query)).all())


async def ask(core: Core, question_id: str, clock: FixedClock, who: Member = ADA) -> None:
    await core.store.set_pending(who, question_id, None, clock.now())


async def test_each_grade_rates_the_card_wrong_again_partial_hard_correct_good_fast_easy(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    partial = "Overfitting means the model memorises noise."
    for question_id, response, seconds in [
        ("leakage-signal", "A", 60),
        ("explain-overfitting", partial, 60),
        ("pca-name", "PCA", 60),
        ("underfit-diagnosis", "B", 5),
    ]:
        await ask(core, question_id, clock)
        clock.advance(seconds=seconds)
        await testbot.send("/prep answer " + response)
    logged = await rows(
        core,
        select(
            review_logs.c.question_id, review_logs.c.rating, review_logs.c.source, review_logs.c.duration_ms
        ).order_by(review_logs.c.id),
    )
    assert logged == [
        ("leakage-signal", 1, "quiz", 60_000),
        ("explain-overfitting", 2, "quiz", 60_000),
        ("pca-name", 3, "quiz", 60_000),
        ("underfit-diagnosis", 4, "quiz", 5_000),
    ]
    due = dict(await rows(core, select(review_cards.c.question_id, review_cards.c.due)))
    now = clock.now()
    assert due["leakage-signal"] - now < timedelta(minutes=11)
    assert timedelta(days=1) < due["pca-name"] - now < due["underfit-diagnosis"] - now


async def test_a_fast_correct_open_answer_is_only_good(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    await ask(core, "explain-overfitting", clock)
    await testbot.send("/prep answer " + ANSWERS["explain-overfitting"])
    assert await rows(core, select(review_logs.c.rating)) == [(3,)]


async def test_review_serves_due_questions_one_after_another_without_points(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    for question_id in ("leakage-signal", "pca-name", "underfit-diagnosis"):
        await ask(core, question_id, clock)
        await testbot.send("/prep answer " + WRONG[question_id])
    before = await rows(core, select(totals.c.points).where(totals.c.scope == "all"))
    assert "The next one falls due in 10 minutes" in words(await testbot.send("/prep review"))
    clock.advance(days=1)
    first = await testbot.send("/prep review")
    assert "Review: 3 questions due now" in words(first)
    asked = [card_of(first).question_id]
    second = await testbot.send("/prep answer " + ANSWERS[asked[0]])
    feedback, *_ = parts(second)
    assert isinstance(feedback, AnswerFeedback) and feedback.verdict == Verdict.CORRECT
    assert feedback.points == 0 and feedback.streak == 2
    assert "Review: 2 questions due now" in words(second)
    asked.append(card_of(second).question_id)
    third = await testbot.send("/prep answer " + ANSWERS[asked[1]])
    asked.append(card_of(third).question_id)
    last = await testbot.send("/prep answer " + ANSWERS[asked[2]])
    assert sorted(asked) == ["leakage-signal", "pca-name", "underfit-diagnosis"]
    assert "That was your last review due. The next one falls due in " in words(last)
    assert await rows(core, select(totals.c.points).where(totals.c.scope == "all")) == before
    sources = await rows(
        core,
        select(review_logs.c.source, func.count())
        .group_by(review_logs.c.source)
        .order_by(review_logs.c.source),
    )
    assert sources == [("quiz", 3), ("review", 3)]
    assert "Nothing is due for review. The next one falls due in " in words(
        await testbot.send("/prep review")
    )
    clock.advance(days=40)
    assert "Review: 3 questions due now" in words(await testbot.send("/prep review"))


async def test_review_with_nothing_due_says_so_and_offers_a_quiz(testbot: TestBot, core: Core) -> None:
    reply = await testbot.send("/prep review")
    assert isinstance(reply, Notice)
    assert reply.text.startswith("Nothing is due for review. Meanwhile") and "/prep quiz" in reply.text


async def test_skip_records_no_answer_and_brings_the_question_back_soon(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    card = card_of(await testbot.send("/prep quiz unsupervised"))
    skipped = await testbot.send("/prep skip")
    assert isinstance(skipped, Notice) and "does not count as wrong" in skipped.text
    assert await rows(core, select(attempts.c.id)) == []
    assert await rows(core, select(review_logs.c.rating, review_logs.c.source)) == [(None, "skip")]
    assert "no open question" in words(await testbot.send("/prep answer PCA"))
    clock.advance(minutes=11)
    assert card_of(await testbot.send("/prep review")).question_id == card.question_id
    stats = await testbot.send("/prep stats")
    assert isinstance(stats, Stats) and stats.answered == 0 and stats.reviews_due == 1


async def test_skipping_a_review_moves_on_to_the_next_due_one(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    for question_id in ("leakage-signal", "pca-name"):
        await ask(core, question_id, clock)
        await testbot.send("/prep answer " + WRONG[question_id])
    clock.advance(hours=1)
    first = card_of(await testbot.send("/prep review")).question_id
    after_skip = await testbot.send("/prep skip")
    assert words(after_skip).startswith("Skipped ") and "Review: 1 question due now" in words(after_skip)
    assert card_of(after_skip).question_id != first


@pytest.mark.parametrize("line", ["/prep skip", "/prep again"])
async def test_skip_and_again_with_nothing_open_say_so(testbot: TestBot, core: Core, line: str) -> None:
    reply = await testbot.send(line)
    assert isinstance(reply, Notice) and reply.tone == "error"
    assert reply.text.startswith("You have no open question to ")


async def test_again_shows_the_open_question_and_keeps_it_open(testbot: TestBot, core: Core) -> None:
    card = card_of(await testbot.send("/prep quiz fundamentals easy"))
    again = await testbot.send("/prep again")
    assert again == card
    assert isinstance(parts(await testbot.send("/prep answer B"))[0], AnswerFeedback)
    with pytest.raises(NoOpenQuestion):
        await core.service.answer(ADA, "B")


async def test_a_new_quiz_says_it_replaced_the_open_question(testbot: TestBot, core: Core) -> None:
    first = card_of(await testbot.send("/prep quiz unsupervised"))
    second = await testbot.send("/prep quiz unsupervised")
    assert card_of(second).question_id != first.question_id
    assert words(second) == f"This replaces your open question {first.reference}."


async def test_a_used_up_filter_says_so_and_starts_with_the_worst_answered(
    testbot: TestBot, core: Core
) -> None:
    await testbot.send("/prep quiz unsupervised")
    await testbot.send("/prep answer " + ("wrong"))
    first_wrong = (await rows(core, select(attempts.c.question_id)))[0][0]
    await testbot.send("/prep quiz unsupervised")
    await testbot.send("/prep answer " + ("PCA" if first_wrong == "kmeans-name" else "k-means"))
    again = await testbot.send("/prep quiz unsupervised")
    assert "You have answered all 2 of these questions; going round again" in words(again)
    assert card_of(again).question_id == first_wrong


async def test_stats_show_the_weakest_topics_with_uncertainty_and_reviews_due(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    plan = [
        ("leakage-signal", "A"),
        ("pca-name", "nope"),
        ("kmeans-name", "k-means"),
        ("underfit-diagnosis", "B"),
    ]
    for question_id, response in plan:
        await ask(core, question_id, clock)
        await testbot.send("/prep answer " + response)
    clock.advance(hours=1)
    stats = await testbot.send("/prep stats")
    assert isinstance(stats, Stats) and stats.reviews_due == 2
    labels = [w.label for w in stats.weak_spots]
    assert labels == ["Data preparation and features", "Unsupervised learning", "ML fundamentals"]
    data = stats.weak_spots[0]
    assert data.unsure and data.mean == pytest.approx(1 / 3) and data.low < data.mean < data.high


async def test_quiz_weak_asks_from_the_weakest_topic_at_an_easy_level(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    for question_id in ("pca-name", "kmeans-name"):
        await ask(core, question_id, clock)
        await testbot.send("/prep answer nope")
    await ask(core, "underfit-diagnosis", clock)
    await testbot.send("/prep answer B")
    reply = await testbot.send("/prep quiz weak")
    card = card_of(reply)
    assert card.topic == "unsupervised-learning" and card.difficulty == "easy"
    assert words(reply).startswith("Your weakest topic: Unsupervised learning (about 25% right, unsure)")
    hard = await testbot.send("/prep quiz weak medium")
    assert card_of(hard).question_id == "pca-name"


async def test_quiz_weak_without_answers_asks_anything(testbot: TestBot, core: Core) -> None:
    reply = await testbot.send("/prep quiz weak")
    assert "no weak spot to aim at" in words(reply) and card_of(reply)


async def test_migration_creates_the_review_tables_and_due_index(core: Core) -> None:
    async with core.store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            found = (await conn.execute(text("PRAGMA index_list('review_cards')"))).all()
            names = {row[1] for row in found}
        else:
            found = (
                await conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'review_cards'"))
            ).all()
            names = {row[0] for row in found}
        version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
    assert "ix_review_cards_member_due" in names and version >= "0004"


async def test_reviews_of_another_community_are_separate(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    elsewhere = Member(platform="test", community_id="g2", user_id="ada", display_name="Ada")
    await ask(core, "pca-name", clock, elsewhere)
    await testbot.send("/prep answer nope", elsewhere)
    clock.advance(hours=1)
    assert isinstance(await testbot.send("/prep review"), Notice)
    assert card_of(await testbot.send("/prep review", elsewhere)).question_id == "pca-name"


def test_due_times_are_naive_utc(clock: FixedClock) -> None:
    assert clock.now().utcoffset() == timedelta(0) and isinstance(clock.now(), datetime)
