"""`/prep export` against real databases: which questions go in, why, and the friendly refusals."""

from __future__ import annotations

from sqlalchemy import select, text

from bot.bootstrap import Core, build_router
from bot.export import ALL_RIGHT, DUE, NOTHING_YET, WRONG, Export
from bot.models import Member
from bot.replies import Notice, Reply, Tone
from bot.storage.tables import exports
from tests.conftest import FixedClock
from tests.integration.test_reviews import ADA, CHANNEL, ask

GRACE = Member(platform="test", community_id="g1", user_id="grace", display_name="Grace")


async def run(core: Core, line: str, who: Member = ADA) -> Reply:
    return await build_router(core).handle_text(who, CHANNEL, line, is_admin=False)


async def answer(core: Core, clock: FixedClock, question_id: str, response: str, who: Member = ADA) -> None:
    await ask(core, question_id, clock, who)
    clock.advance(seconds=30)
    await run(core, "/prep answer " + response, who)


async def test_no_history_gets_a_friendly_word_and_no_export(core: Core) -> None:
    reply = await run(core, "/prep export")
    assert isinstance(reply, Notice) and not isinstance(reply, Export)
    assert reply.text == NOTHING_YET and reply.tone == Tone.INFO and reply.private


async def test_wrong_and_partly_right_answers_are_exported_with_what_to_study(
    core: Core, clock: FixedClock
) -> None:
    await answer(core, clock, "leakage-signal", "A")
    await answer(core, clock, "explain-overfitting", "Overfitting means the model memorises noise.")
    await answer(core, clock, "pca-name", "PCA")
    reply = await run(core, "/prep export")
    assert isinstance(reply, Export) and reply.private
    by_id = {row.question_id: row for row in reply.rows}
    assert set(by_id) == {"leakage-signal", "explain-overfitting"}
    leakage = by_id["leakage-signal"]
    assert leakage.choices == ("The learning rate", "Target leakage", "Batch size", "The random seed")
    assert leakage.answer == "B) Target leakage" and leakage.reasons == (WRONG,)
    assert leakage.topic == "data-preparation" and "feature encodes the label" in leakage.explanation
    overfitting = by_id["explain-overfitting"]
    assert overfitting.answer.startswith("Overfitting is fitting noise")
    assert overfitting.key_points[1] == "Names regularisation"
    assert "2 questions (2 answered wrong or partly right, 0 due for review)" in reply.text


async def test_questions_due_for_review_join_the_export_when_they_fall_due(
    core: Core, clock: FixedClock
) -> None:
    await answer(core, clock, "pca-name", "PCA")
    assert (await run(core, "/prep export")) == Notice(ALL_RIGHT)
    clock.advance(days=60)
    reply = await run(core, "/prep export")
    assert isinstance(reply, Export)
    [row] = reply.rows
    assert (row.question_id, row.reasons) == ("pca-name", (DUE,))
    assert "1 question (0 answered wrong or partly right, 1 due for review)" in reply.text


async def test_an_export_holds_only_the_callers_questions(core: Core, clock: FixedClock) -> None:
    await answer(core, clock, "leakage-signal", "A", who=GRACE)
    assert (await run(core, "/prep export")).text == NOTHING_YET  # type: ignore[union-attr]
    reply = await run(core, "/prep export", GRACE)
    assert isinstance(reply, Export) and [r.question_id for r in reply.rows] == ["leakage-signal"]


async def test_export_takes_no_arguments(core: Core, clock: FixedClock) -> None:
    await answer(core, clock, "leakage-signal", "A", who=GRACE)
    reply = await run(core, "/prep export grace")
    assert isinstance(reply, Notice) and reply.tone == Tone.ERROR and "on its own" in reply.text


async def test_each_export_is_logged_with_its_counts_and_refusals_are_not(
    core: Core, clock: FixedClock
) -> None:
    await run(core, "/prep export")
    await answer(core, clock, "leakage-signal", "A")
    await answer(core, clock, "pca-name", "PCA")
    await run(core, "/prep export")
    clock.advance(days=60)
    await run(core, "/prep export")
    async with core.store.engine.connect() as conn:
        logged = (
            await conn.execute(
                select(exports.c.questions, exports.c.wrong, exports.c.due).order_by(exports.c.id)
            )
        ).all()
        version = await conn.scalar(text("SELECT version_num FROM alembic_version"))
    assert [tuple(row) for row in logged] == [(1, 1, 0), (2, 1, 2)]
    assert version >= "0011"
