"""Daily posts when the platform is slow, loses its answer, refuses, or the process dies: each
channel gets exactly one visible, answerable post per local day, and an admin hears of any day
that could not be posted. Runs on SQLite and, when a server answers, on PostgreSQL."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.bootstrap import build_router
from bot.commands import parse
from bot.daily.outbox import Outbox
from bot.models import Channel
from bot.ports import PostRefused
from bot.replies import AnswerFeedback, Notice, QuestionCard, Tone
from tests.conftest import FixedClock
from tests.scheduler.conftest import ADA, ADMIN, CHANNEL, Worker, berlin, start_worker

OTHER = Channel(platform=CHANNEL.platform, community_id=CHANNEL.community_id, channel_id="other")
REMOVED = PostRefused("the bot was removed from the channel", "Run /invite @prepbot there.")


def groups(count: int) -> list[Channel]:
    """Study-group channels of one community."""
    return [
        Channel(platform=CHANNEL.platform, community_id=CHANNEL.community_id, channel_id=f"group-{n}")
        for n in range(count)
    ]


async def schedule_nine(worker: Worker, clock: FixedClock, *channels: Channel, extra: str = "") -> None:
    clock.current = berlin(2026, 11, 17, 8, 0)  # a Tuesday morning: no weekly board
    for channel in channels or (CHANNEL,):
        reply = await worker.command(
            f"/prep schedule set 09:00 Europe/Berlin {extra}".strip(), channel=channel
        )
        assert isinstance(reply, Notice) and reply.tone == Tone.SUCCESS, reply


async def admin_says(worker: Worker, text: str, channel: Channel = CHANNEL) -> str:
    reply = await build_router(worker.core, worker.daily).run(ADMIN, channel, parse(text), is_admin=True)
    assert isinstance(reply, Notice)
    return reply.text


async def test_a_refused_post_pauses_the_channel_and_tells_the_admin_once(
    worker: Worker, clock: FixedClock
) -> None:
    await schedule_nine(worker, clock)
    worker.publisher.failures = [REMOVED]  # the card is refused; a plain notice still goes out
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    [(_, told, _)] = worker.publisher.posts
    assert isinstance(told, Notice) and not told.private and "removed" in told.text
    calls = worker.publisher.calls
    for minutes in (5, 10, 15):  # later sweeps leave the channel alone
        clock.current = berlin(2026, 11, 17, 9, minutes)
        await worker.daily.poster.catch_up()
    assert worker.publisher.calls == calls
    shown = await admin_says(worker, "/prep schedule show")
    assert "Paused because the bot cannot post here" in shown and "/invite @prepbot" in shown
    assert "could not be posted in channel study" in shown  # the note, once
    assert "could not be posted" not in await admin_says(worker, "/prep schedule show")


async def test_resume_checks_again_before_resuming(worker: Worker, clock: FixedClock) -> None:
    await schedule_nine(worker, clock)
    worker.publisher.failures = [REMOVED, REMOVED]
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    worker.publisher.failures = [REMOVED]  # still not invited back
    clock.current = berlin(2026, 11, 17, 9, 30)
    still = await worker.command("/prep schedule resume")
    assert isinstance(still, Notice) and still.tone == Tone.ERROR and "/invite" in still.text
    assert "Paused because" in await admin_says(worker, "/prep schedule show")
    resumed = await worker.command("/prep schedule resume")  # invited back
    assert isinstance(resumed, Notice) and resumed.tone == Tone.SUCCESS
    cards = worker.publisher.daily_posts()
    assert len(cards) == 1 and isinstance(cards[0], QuestionCard)  # today's, still in time
    clock.current = berlin(2026, 11, 17, 10, 0)
    await worker.daily.poster.catch_up()
    assert len(worker.publisher.daily_posts()) == 1


async def test_one_hanging_channel_delays_no_other(worker: Worker, clock: FixedClock) -> None:
    await schedule_nine(worker, clock, CHANNEL, OTHER)
    worker.publisher.stall = asyncio.Event()
    worker.publisher.stalled_channels = {CHANNEL.channel_id}
    clock.current = berlin(2026, 11, 17, 9, 0)
    sweep = asyncio.create_task(worker.daily.poster.catch_up())
    async with asyncio.timeout(5):
        while not worker.publisher.daily_posts(OTHER):
            await asyncio.sleep(0.01)
    assert not sweep.done() and worker.publisher.daily_posts(CHANNEL) == []
    worker.publisher.stall.set()
    await sweep
    assert len(worker.publisher.daily_posts(CHANNEL)) == 1


async def test_a_post_accepted_but_never_confirmed_is_found_not_sent_again(
    worker: Worker, clock: FixedClock
) -> None:
    await schedule_nine(worker, clock)
    worker.publisher.lose_answers = 1
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    [card] = worker.publisher.daily_posts()
    assert isinstance(card, QuestionCard) and card.post_id is not None
    # Its buttons work at once, although its message id is not stored yet.
    feedback = await worker.daily.answer_post(ADA, card.post_id, "A")
    assert isinstance(feedback, AnswerFeedback)
    for minutes in (5, 10):
        clock.current = berlin(2026, 11, 17, 9, minutes)
        await worker.daily.poster.catch_up()
    assert worker.publisher.daily_posts() == [card] and worker.publisher.lookups == 1
    assert (await worker.daily.open_post(CHANNEL)) == card.post_id


async def test_a_slow_platform_is_waited_for_past_its_own_timeout(worker: Worker, clock: FixedClock) -> None:
    """Scaled down: the client waits 0.3 s for a post the platform answers after 0.25 s (as
    Slack's 30 s and a 25 s answer); the outbox must not give up and post again."""
    await schedule_nine(worker, clock)
    worker.publisher.timeout = 0.3  # type: ignore[attr-defined]
    worker.daily.poster.outbox.margin = 0.0
    original = worker.publisher.post

    async def slow(channel: Channel, reply: object) -> str:
        await asyncio.sleep(0.25)
        return await original(channel, reply)  # type: ignore[arg-type]

    worker.publisher.post = slow  # type: ignore[method-assign]
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    await worker.daily.poster.catch_up()
    assert len(worker.publisher.daily_posts()) == 1 and worker.publisher.lookups == 0


async def test_post_now_killed_mid_send_is_finished_by_the_next_process(
    worker: Worker, second_core: object, clock: FixedClock
) -> None:
    clock.current = berlin(2026, 11, 17, 12, 0)
    worker.publisher.stall = asyncio.Event()
    job = asyncio.create_task(worker.command("/prep post-now"))
    while worker.publisher.calls == 0:
        await asyncio.sleep(0)
    job.cancel()  # kill -9 while the post is in flight
    with pytest.raises(asyncio.CancelledError):
        await job
    restarted = await start_worker(second_core, "restarted")  # type: ignore[arg-type]
    clock.current = berlin(2026, 11, 17, 12, 6)  # the dead process's lease has run out
    await restarted.daily.poster.catch_up()
    await restarted.daily.poster.catch_up()
    assert len(restarted.publisher.daily_posts()) == 1 and restarted.publisher.lookups == 1
    again = await restarted.command("/prep post-now")
    assert isinstance(again, Notice) and "already posted" in again.text


async def test_post_now_that_never_got_through_is_reported_to_the_admin(
    worker: Worker, clock: FixedClock
) -> None:
    clock.current = berlin(2026, 11, 17, 12, 0)
    worker.publisher.failures = [TimeoutError()] * 200
    first = await worker.command("/prep post-now")
    assert isinstance(first, Notice) and "keeps trying" in first.text
    for hour in range(12, 21):  # sweeps every hour until after its reveal time (20:00)
        clock.current = berlin(2026, 11, 17, hour, 30)
        await worker.daily.poster.catch_up()
    assert worker.publisher.daily_posts() == []
    shown = await admin_says(worker, "/prep schedule show")
    assert "was not posted in channel study" in shown


async def test_channels_of_one_community_get_distinct_questions(
    worker: Worker, second_core: object, clock: FixedClock
) -> None:
    channels = groups(5)
    await schedule_nine(worker, clock, *channels)
    other = await start_worker(second_core, "other", seed=3)  # type: ignore[arg-type]
    clock.current = berlin(2026, 11, 17, 9, 0)
    await asyncio.gather(
        *(w.daily.poster.run_schedule(c.platform, c.channel_id) for c in channels for w in (worker, other))
    )
    cards = [card for w in (worker, other) for c in channels for card in w.publisher.daily_posts(c)]
    assert len(cards) == 5
    assert len({card.question_id for card in cards if isinstance(card, QuestionCard)}) == 5


async def test_a_question_a_group_got_twice_counts_for_the_streak_with_points_once(
    worker: Worker, clock: FixedClock
) -> None:
    channels = groups(6)  # six channels, five questions in the bank
    await schedule_nine(worker, clock, *channels)
    clock.current = berlin(2026, 11, 17, 9, 0)
    for channel in channels:
        await worker.daily.poster.run_schedule(channel.platform, channel.channel_id)
    cards = [card for c in channels for card in worker.publisher.daily_posts(c)]
    assert len(cards) == 6
    by_question: dict[str, list[QuestionCard]] = {}
    for card in cards:
        assert isinstance(card, QuestionCard)
        by_question.setdefault(card.question_id, []).append(card)
    [twice] = [posted for posted in by_question.values() if len(posted) == 2]
    question = worker.core.bank.get(twice[0].question_id)
    right = getattr(question, "model_answer", "") or getattr(question, "answer", "")
    first = await worker.daily.answer_post(ADA, twice[0].post_id or 0, right)
    second = await worker.daily.answer_post(ADA, twice[1].post_id or 0, right)
    assert first.points > 0 and not first.repeat
    assert second.verdict == first.verdict and second.points == 0 and second.repeat
    assert any("daily streak" in note for note in second.notes)
    assert second.daily_streak == 1


async def test_answering_the_daily_post_keeps_an_open_practice_question(
    worker: Worker, clock: FixedClock
) -> None:
    await schedule_nine(worker, clock)
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.run_schedule(CHANNEL.platform, CHANNEL.channel_id)
    [card] = worker.publisher.daily_posts()
    assert isinstance(card, QuestionCard) and card.post_id is not None
    store = worker.core.service.store
    await store.set_pending(ADA, card.question_id, None, clock.current)
    await worker.daily.answer_post(ADA, card.post_id, "A")
    still = await store.get_pending(ADA)
    assert still is not None and still.question_id == card.question_id and still.post_id is None


async def test_a_two_day_outage_logs_and_reports_each_skipped_day(
    worker: Worker, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    await schedule_nine(worker, clock)
    clock.current = berlin(2026, 11, 17, 9, 0)
    await worker.daily.poster.catch_up()  # Tuesday posted; then down Wednesday and Thursday
    clock.current = berlin(2026, 11, 20, 9, 1)
    with caplog.at_level(logging.WARNING, "prepbot.daily"):
        await worker.daily.poster.catch_up()
        await worker.daily.poster.catch_up()
    skipped = [r.getMessage() for r in caplog.records if "skipped the daily question" in r.getMessage()]
    assert (
        len(skipped) == 2
        and any("2026-11-18" in s for s in skipped)
        and any("2026-11-19" in s for s in skipped)
    )
    assert len(worker.publisher.daily_posts()) == 2  # Tuesday and Friday
    shown = await admin_says(worker, "/prep schedule show")
    assert "2026-11-18" in shown and "2026-11-19" in shown


async def test_a_catch_up_after_the_reveal_time_does_not_post(worker: Worker, clock: FixedClock) -> None:
    await schedule_nine(worker, clock, extra="reveal=1h")
    clock.current = berlin(2026, 11, 17, 10, 30)  # within the 6 h catch-up window
    await worker.daily.poster.catch_up()
    assert worker.publisher.posts == [] and worker.publisher.edits == []
    assert "2026-11-17" in await admin_says(worker, "/prep schedule show")


async def test_posts_to_many_channels_wait_their_turn() -> None:
    """One pacing layer (aiolimiter, in the outbox): past the platform's burst, the next post
    waits for its turn instead of going out at once."""
    outbox = Outbox(rates={"paced": (2, 1.0)})
    await outbox.wait_turn("paced")
    await outbox.wait_turn("paced")
    third = asyncio.create_task(outbox.wait_turn("paced"))
    done, _ = await asyncio.wait([third], timeout=0.05)
    assert not done
    await third
