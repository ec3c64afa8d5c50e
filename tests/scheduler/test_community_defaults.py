"""A community's `/prep config` defaults where the daily questions use them: a new schedule's
timezone, topics, difficulty and reveal delay, the weekly board, and members hidden from it."""

from __future__ import annotations

from datetime import timedelta

from bot.bootstrap import build_router
from bot.commands import parse
from bot.replies import Leaderboard, Notice, Reveal
from tests.conftest import FixedClock
from tests.scheduler.conftest import ADA, ADMIN, BOB, CHANNEL, Worker, berlin
from tests.scheduler.test_daily_questions import cards, tick_through


async def configure(worker: Worker, *lines: str) -> None:
    dispatcher = build_router(worker.core, worker.daily)
    for line in lines:
        reply = await dispatcher.run(ADMIN, CHANNEL, parse(line), is_admin=True)
        assert isinstance(reply, Notice) and reply.text.startswith("Saved."), reply


async def test_a_new_schedule_takes_the_communitys_defaults(worker: Worker, clock: FixedClock) -> None:
    clock.current = berlin(2026, 11, 16, 10, 0)
    await configure(
        worker,
        "/prep config timezone Europe/Berlin",
        "/prep config topics unsupervised",
        "/prep config difficulty medium",
        "/prep config reveal 2h",
    )
    made = await worker.command("/prep schedule set 09:00")
    assert isinstance(made, Notice)
    assert "09:00 Europe/Berlin" in made.text and "revealed after 2h" in made.text
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.catch_up()
    [card] = cards(worker)
    assert card.question_id == "pca-name"  # the one medium unsupervised-learning question
    explicit = await worker.command("/prep schedule set 08:00 UTC fundamentals easy reveal=1h")
    assert isinstance(explicit, Notice) and "08:00 UTC" in explicit.text and "after 1h" in explicit.text


async def test_no_weekly_board_when_turned_off_and_hidden_members_skipped(
    worker: Worker, clock: FixedClock
) -> None:
    clock.current = berlin(2026, 11, 16, 20, 0)
    await worker.command("/prep schedule set 09:00 Europe/Berlin tue-fri fundamentals easy")
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.catch_up()
    [card] = cards(worker)
    await worker.daily.answer_post(ADA, card.post_id or 0, "B")
    await worker.daily.answer_post(BOB, card.post_id or 0, "B")
    dispatcher = build_router(worker.core, worker.daily)
    await dispatcher.run(BOB, CHANNEL, parse("/prep privacy hide"), is_admin=False)
    await tick_through(
        worker, clock, berlin(2026, 11, 17, 9), berlin(2026, 11, 17, 18), timedelta(minutes=30)
    )
    [reveal] = [r for _, _, r in worker.publisher.edits if isinstance(r, Reveal)]
    assert [row.name for row in reveal.top] == ["Ada"]  # Bob answered right too, but is hidden
    await configure(worker, "/prep config weekly-board off")
    await tick_through(
        worker, clock, berlin(2026, 11, 23, 8), berlin(2026, 11, 23, 10), timedelta(minutes=30)
    )
    assert not [r for _, r, _ in worker.publisher.posts if isinstance(r, Leaderboard)]
    await configure(worker, "/prep config weekly-board on")
    await tick_through(
        worker, clock, berlin(2026, 11, 23, 10), berlin(2026, 11, 23, 11), timedelta(minutes=30)
    )
    [board] = [r for _, r, _ in worker.publisher.posts if isinstance(r, Leaderboard)]
    assert board.week_start == "2026-11-16" and [row.name for row in board.rows] == ["Ada"]
