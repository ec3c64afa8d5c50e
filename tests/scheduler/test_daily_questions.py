"""Daily questions as a study group sees them: when posts appear, what they hold, streaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.answer_feedback import ANSWERED_BEFORE
from bot.bootstrap import build_router
from bot.commands import parse
from bot.errors import NotAdmin, QuestionClosed, UsageError
from bot.replies import AnswerFeedback, Leaderboard, Notice, QuestionCard, Reveal, Stats, Tone
from tests.conftest import FixedClock
from tests.scheduler.conftest import ADA, BOB, CHANNEL, Worker, berlin


async def tick_through(
    worker: Worker, clock: FixedClock, start: datetime, end: datetime, step: timedelta = timedelta(minutes=10)
) -> list[datetime]:
    """Run the catch-up sweep every `step` (what a running bot does); when did posts appear?"""
    appeared = []
    clock.current = start.astimezone(UTC)  # step in real time, not wall-clock time
    while clock.current <= end:
        before = len(worker.publisher.posts)
        await worker.daily.poster.catch_up()
        appeared += [clock.current] * (len(worker.publisher.posts) - before)
        clock.advance(seconds=step.total_seconds())
    return appeared


def cards(worker: Worker) -> list[QuestionCard]:
    return [reply for _, reply, _ in worker.publisher.posts if isinstance(reply, QuestionCard)]


@pytest.mark.parametrize(
    ("day", "first_at"),
    [
        ((2026, 3, 29), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # 02:30 does not exist
        ((2026, 10, 25), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # 02:30 happens twice
    ],
)
async def test_dst_days_post_exactly_once(
    worker: Worker, clock: FixedClock, day: tuple[int, int, int], first_at: datetime
) -> None:
    clock.current = berlin(*day) - timedelta(days=1)
    await worker.command("/prep schedule set 02:30 Europe/Berlin reveal=30m")
    appeared = await tick_through(worker, clock, berlin(*day), berlin(*day, 23, 50))
    assert appeared == [first_at]


async def test_weekday_filter_posts_only_on_chosen_days(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 15, 20, 0)  # Sunday evening
    await worker.command("/prep schedule set 09:00 Europe/Berlin mon,wed,fri")
    appeared = await tick_through(
        worker, clock, berlin(2026, 11, 16), berlin(2026, 11, 22, 23, 0), timedelta(hours=1)
    )
    assert [t.astimezone(berlin(2026, 1, 1).tzinfo).strftime("%a %H:%M") for t in appeared] == [
        "Mon 09:00",
        "Wed 09:00",
        "Fri 09:00",
    ]


async def test_no_repeats_until_the_bank_is_used_up(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 15, 20, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin")
    await tick_through(worker, clock, berlin(2026, 11, 16, 9), berlin(2026, 11, 22, 9), timedelta(days=1))
    asked = [card.question_id for card in cards(worker)]
    bank = set(worker.core.bank.questions)
    assert len(asked) == 7 and len(bank) == 5
    assert set(asked[:5]) == bank  # every question once before any repeats
    assert asked[5] not in asked[6:] and asked[5] in asked[:2]  # then the oldest come back first


async def test_members_answer_the_post_the_count_goes_up_and_the_reveal_follows(
    worker: Worker, clock: FixedClock
) -> None:
    clock.current = berlin(2026, 11, 16, 8, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin fundamentals easy reveal=2h")
    clock.current = berlin(2026, 11, 16, 9, 0)
    await worker.daily.poster.catch_up()
    [card] = cards(worker)
    assert card.question_id == "underfit-diagnosis" and card.answered_count == 0
    assert not card.private and card.post_id is not None
    daily = worker.daily
    right = await daily.answer_post(ADA, card.post_id, "B")
    wrong = await daily.answer_post(BOB, card.post_id, "A")
    assert right.verdict == "correct" and right.daily_streak == 1 and wrong.verdict == "wrong"
    again = await daily.answer_post(ADA, card.post_id, "A")  # a second click, another option
    assert (again.verdict, again.points, again.your_answer) == ("correct", right.points, "B")
    assert again.explanation == right.explanation and ANSWERED_BEFORE in again.notes
    await daily.poster.settle()
    counts = [r.answered_count for _, _, r in worker.publisher.edits if isinstance(r, QuestionCard)]
    assert counts[-1] == 2
    clock.current = berlin(2026, 11, 16, 11, 0)
    await daily.poster.catch_up()
    [reveal] = [r for _, m, r in worker.publisher.edits if isinstance(r, Reveal) and m == "m1"]
    assert reveal.correct_answer.startswith("B)") and reveal.answered_count == 2
    assert [(o.count, o.correct) for o in reveal.distribution] == [
        (1, False),
        (1, True),
        (0, False),
        (0, False),
    ]
    assert [row.name for row in reveal.top] == ["Ada"]
    with pytest.raises(QuestionClosed, match="/prep quiz"):
        await daily.answer_post(BOB, card.post_id, "B")
    today = await worker.command("/prep today", BOB)
    assert isinstance(today, Reveal) and today.private
    await daily.poster.catch_up()  # revealed once, not again
    assert sum(isinstance(r, Reveal) for _, _, r in worker.publisher.edits) == 1


async def test_a_reveal_missed_past_the_window_is_skipped(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 16, 8, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin reveal=1h")
    clock.current = berlin(2026, 11, 16, 9, 0)
    await worker.daily.poster.catch_up()
    clock.current = berlin(2026, 11, 16, 16, 1)  # 10:00 + 6 h catch-up window has passed
    await worker.daily.poster.catch_up()
    assert not any(isinstance(r, Reveal) for _, _, r in worker.publisher.edits)
    assert await worker.daily.poster.pending_reveals() == []


async def test_streaks_count_scheduled_days_and_skipped_weekdays_do_not_break_them(
    worker: Worker, clock: FixedClock
) -> None:
    clock.current = berlin(2026, 11, 15, 20, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin mon,wed,fri")
    dispatcher = build_router(worker.core, worker.daily)
    streaks = []
    for day in (16, 18, 20, 23, 25):  # Mon Wed Fri Mon Wed
        clock.current = berlin(2026, 11, day, 9, 0)
        await worker.daily.poster.catch_up()
        if day == 23:
            continue  # Ada misses Monday
        clock.current = berlin(2026, 11, day, 9, 30)
        feedback = await dispatcher.run(ADA, CHANNEL, parse("/prep answer B"), is_admin=False)
        assert isinstance(feedback, AnswerFeedback)
        streaks.append(feedback.daily_streak)
    assert streaks == [1, 2, 3, 1]
    stats = await dispatcher.run(ADA, CHANNEL, parse("/prep stats"), is_admin=False)
    assert isinstance(stats, Stats) and stats.daily_streak == 1


async def test_mondays_post_last_weeks_leaderboard(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 15, 20, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin tue-fri fundamentals easy")
    await tick_through(
        worker, clock, berlin(2026, 11, 16, 9), berlin(2026, 11, 16, 10), timedelta(minutes=30)
    )
    assert worker.publisher.posts == []  # nobody scored last week: no empty board
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.catch_up()
    [card] = cards(worker)
    await worker.daily.answer_post(ADA, card.post_id or 0, "B")
    await tick_through(
        worker, clock, berlin(2026, 11, 23, 8), berlin(2026, 11, 23, 12), timedelta(minutes=30)
    )
    [board] = [r for _, r, _ in worker.publisher.posts if isinstance(r, Leaderboard)]
    assert board.week_start == "2026-11-16" and not board.private
    assert [(row.rank, row.name, row.points) for row in board.rows] == [(1, "Ada", 10)]
    assert len(cards(worker)) == 1  # Monday is not a question day in this schedule


async def test_admins_manage_the_schedule(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 16, 10, 0)
    dispatcher = build_router(worker.core, worker.daily)
    with pytest.raises(NotAdmin):
        await dispatcher.run(ADA, CHANNEL, parse("/prep schedule set 09:00"), is_admin=False)
    shown = await worker.command("/prep schedule show")
    assert isinstance(shown, Notice) and "schedule set 09:00" in shown.text
    made = await worker.command("/prep schedule set 09:00 Europe/Berlin mon-fri reveal=6h")
    assert isinstance(made, Notice) and made.tone == Tone.SUCCESS
    assert "09:00 Europe/Berlin, Mon–Fri" in made.text and "Next post: Tue 17 Nov 09:00" in made.text
    paused = await worker.command("/prep schedule pause")
    assert isinstance(paused, Notice) and "Paused" in paused.text
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.catch_up()
    assert worker.publisher.posts == []
    clock.current = berlin(2026, 11, 17, 9, 1)
    await worker.command("/prep schedule resume")
    await worker.daily.poster.catch_up()  # resumed after today's time: starts tomorrow
    assert worker.publisher.posts == []
    off = await worker.command("/prep schedule off")
    assert isinstance(off, Notice) and "off" in off.text
    with pytest.raises(UsageError):
        await worker.command("/prep schedule set 09:00 hard system-design")


async def test_post_now_posts_once_and_the_scheduled_time_does_not_repeat_it(
    worker: Worker, clock: FixedClock
) -> None:
    clock.current = berlin(2026, 11, 16, 7, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin")
    first = await worker.command("/prep post-now")
    again = await worker.command("/prep post-now")
    assert isinstance(first, Notice) and first.tone == Tone.SUCCESS
    assert isinstance(again, Notice) and "already posted" in again.text
    clock.current = berlin(2026, 11, 16, 9, 0)
    await worker.daily.poster.catch_up()
    assert len(cards(worker)) == 1
    today = await worker.command("/prep today", ADA)
    assert isinstance(today, QuestionCard) and today.private and today.post_id == cards(worker)[0].post_id


async def test_today_before_any_post_says_when_the_first_comes(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 16, 7, 0)
    none = await worker.command("/prep today", ADA)
    assert isinstance(none, Notice) and "schedule set" in none.text
    await worker.command("/prep schedule set 09:00 Europe/Berlin")
    soon = await worker.command("/prep today", ADA)
    assert isinstance(soon, Notice) and "Mon 16 Nov 09:00" in soon.text
