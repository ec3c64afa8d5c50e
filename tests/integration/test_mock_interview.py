"""Timed mock interviews against real databases (SQLite and PostgreSQL): a full run and its report,
bad input, one mock at a time, the clock moved past the deadline, and a restart of the core."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.bootstrap import Core, bootstrap
from bot.replies import AnswerFeedback, Notice, QuestionCard, Reply, reference_code
from bot.storage.tables import attempts, mock_sessions, pending, review_cards, totals
from tests.conftest import FixedClock, TestBot
from tests.integration.test_reviews import ANSWERS, WRONG, card_of, parts, rows, words


def report_of(reply: Reply) -> str:
    [report] = [
        p.text for p in parts(reply) if isinstance(p, Notice) and p.text.startswith("Mock interview report")
    ]
    return report


async def answer_all(bot: TestBot, first: Reply, clock: FixedClock, answers: dict[str, str]) -> Reply:
    reply = first
    while any(isinstance(p, QuestionCard) for p in parts(reply)):
        clock.advance(minutes=1)
        question_id = card_of(reply).question_id
        reply = await bot.send(f"/prep answer {answers.get(question_id, ANSWERS[question_id])}")
    return reply


async def test_a_breadth_mock_serves_the_planned_set_with_time_left_and_ends_in_a_report(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    first = await testbot.send("/prep mock 30")
    assert "Breadth (ML fundamentals) round, 5 questions in 30 minutes" in words(first)
    assert "Mock question 1 of 5 · 30:00 left." in words(first)
    assert card_of(first).kind == "choice"
    clock.advance(minutes=1)
    second = await testbot.send(f"/prep answer {ANSWERS[card_of(first).question_id]}")
    feedback = parts(second)[0]
    assert isinstance(feedback, AnswerFeedback) and feedback.points == 0
    assert "Mock question 2 of 5 · 29:00 left." in words(second)
    last = await answer_all(testbot, second, clock, {})
    report = report_of(last)
    assert "(all 5 questions done)" in report and "Score: 5 of 5 (100%)" in report
    assert "ML fundamentals 2/2" in report and "Unsupervised learning 2/2" in report
    assert f"{reference_code('explain-overfitting')} ML fundamentals, open: correct (1:00)" in report
    assert "made: Defines overfitting" in report
    assert "This was your first breadth mock" in report
    assert {r.points for r in await rows(core, select(totals.c.points))} == {0}
    assert len(await rows(core, select(review_cards))) == 5
    assert await rows(core, select(pending)) == []
    again = await testbot.send("/prep mock")
    assert "Mock question 1 of 5" in words(again)


@pytest.mark.parametrize(
    "line, says",
    [
        ("/prep mock 500", "10 to 60 minutes; 500 is outside that"),
        ("/prep mock 5", "10 to 60 minutes"),
        ("/prep mock poetry", "Unknown mock round 'poetry'. The rounds are breadth, llm"),
        ("/prep mock llm 20 extra", "Use /prep mock [round] [minutes]"),
        ("/prep mock stop", "You have no mock interview running"),
        ("/prep mock design", "nothing for the design round"),
    ],
)
async def test_bad_mock_requests_get_a_clear_reply_and_start_nothing(
    testbot: TestBot, core: Core, line: str, says: str
) -> None:
    reply = await testbot.send(line)
    assert isinstance(reply, Notice) and reply.tone == "error" and says in reply.text
    assert await rows(core, select(mock_sessions)) == []


async def test_one_mock_at_a_time_and_stop_abandons_it(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    started = await testbot.send("/prep mock breadth 15")
    question = card_of(started).question_id
    clock.advance(minutes=2)
    twice = await testbot.send("/prep mock llm")
    assert "already have a breadth mock running (13:00 left); one at a time" in words(twice)
    assert card_of(twice).question_id == question
    assert len(await rows(core, select(mock_sessions))) == 1
    skipped = await testbot.send("/prep skip")
    assert "Skipped" in words(skipped) and "Mock question 2 of 5" in words(skipped)
    stopped = await testbot.send("/prep mock stop")
    assert isinstance(stopped, Notice) and "Mock abandoned after 1 of 5 questions" in stopped.text
    assert await rows(core, select(pending)) == []
    assert [r.status for r in await rows(core, select(mock_sessions.c.status))] == ["stopped"]
    assert "Mock question 1 of 5" in words(await testbot.send("/prep mock"))


async def test_time_runs_out_across_a_restart_and_a_late_answer_is_not_recorded(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    first = await testbot.send("/prep mock 10")
    clock.advance(minutes=3)
    await testbot.send(f"/prep answer {WRONG[card_of(first).question_id]}")
    restarted_bot = TestBot(await bootstrap(core.settings, clock=clock), clock)
    restarted = restarted_bot.core
    try:
        clock.advance(minutes=6)
        served = await restarted_bot.send("/prep again")
        late_question = card_of(served).question_id
        clock.advance(minutes=2)
        late = await restarted_bot.send(f"/prep answer {ANSWERS[late_question]}")
        assert "Time ran out 1:00 ago, so that answer was not recorded" in words(late)
        report = report_of(late)
        assert "(time ran out after 10 minutes)" in report and "Score: 0 of 5 (0%)" in report
        assert ": wrong (3:00)" in report and report.count("not reached") == 4
        assert "Review next:" in report
        recorded = await rows(restarted, select(attempts.c.question_id))
        assert [r.question_id for r in recorded] == [card_of(first).question_id]
        after = await restarted_bot.send("/prep answer B")
        assert isinstance(after, Notice) and "no open question" in after.text
        assert [r.status for r in await rows(restarted, select(mock_sessions.c.status))] == ["timeout"]
        better = await answer_all(restarted_bot, await restarted_bot.send("/prep mock"), clock, {})
        assert "Since your previous breadth mock (18 Nov): 0% → 100% (up 100 points)." in report_of(better)
    finally:
        await restarted_bot.app.close()


async def test_a_timed_out_mock_is_reported_before_a_new_one_starts(
    testbot: TestBot, core: Core, clock: FixedClock
) -> None:
    await testbot.send("/prep mock 10")
    clock.advance(minutes=11)
    reply = await testbot.send("/prep mock 20")
    assert "(time ran out after 10 minutes)" in report_of(reply)
    assert "Mock question 1 of 5 · 20:00 left." in words(reply)
