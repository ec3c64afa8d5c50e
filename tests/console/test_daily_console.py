"""The console as a study-group channel: a schedule set here posts here, then reveals here."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent

from adapters.console.app import ConsoleSession, console_member
from adapters.console.publisher import ConsolePublisher
from adapters.runner import daily_scheduler
from bot.answer_feedback import ANSWERED_BEFORE
from bot.bootstrap import App
from tests.console.test_console_cli import prepbot

BERLIN = ZoneInfo("Europe/Berlin")


async def test_a_schedule_set_in_the_console_posts_and_reveals_there(sqlite_app: App) -> None:
    out = io.StringIO()
    daily = sqlite_app.daily
    session = ConsoleSession(sqlite_app.dispatcher, console_member("ada"), out)
    ran: asyncio.Queue[JobExecutionEvent] = asyncio.Queue()

    async def type_line(line: str) -> None:
        session.show(await session.reply_to(line))

    async def at(moment: datetime, job_id: str) -> None:
        traveller.move_to(moment)
        scheduler.scheduler.wakeup()
        while (event := await asyncio.wait_for(ran.get(), 5)).job_id != job_id:
            pass
        assert event.exception is None

    with time_machine.travel(datetime(2026, 11, 16, 8, 0, tzinfo=BERLIN), tick=False) as traveller:
        # No periodic sweep: the clock jumps would fire it beside the channel's job (a race).
        async with daily_scheduler(
            sqlite_app, [ConsolePublisher(out)], sweep_every=timedelta(days=30)
        ) as scheduler:
            scheduler.scheduler.add_listener(ran.put_nowait, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
            await type_line("/prep schedule set 09:00 Europe/Berlin fundamentals easy reveal=2h")
            assert "Scheduled. Daily question at 09:00 Europe/Berlin" in out.getvalue()
            await at(datetime(2026, 11, 16, 9, 0, 1, tzinfo=BERLIN), "daily:console:console")
            posted = out.getvalue()
            assert "--- #console: today's question ---" in posted
            assert "A model scores poorly on both training and validation data" in posted
            assert "0 answered so far." in posted
            await type_line("/prep answer B")
            await daily.poster.settle()
            assert "Correct! +10 points" in out.getvalue()
            assert "(#console: 1 answered so far)" in out.getvalue()
            await at(datetime(2026, 11, 16, 11, 0, 1, tzinfo=BERLIN), "reveal:1")
            revealed = out.getvalue()
            assert "--- #console: the answer ---" in revealed
            assert "1 answered, 1 correct." in revealed and "1. ada" in revealed
            await type_line("/prep answer A")
            assert "You have no open question" in out.getvalue()


def test_post_now_in_a_piped_console_session(env: dict[str, str]) -> None:
    script = (
        "/prep schedule set 23:59 UTC fundamentals easy\n/prep schedule show\n"
        "/prep post-now\n/prep answer B\n/prep today\n"
    )
    result = prepbot("console", "--user", "ada", stdin=script, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Daily question at 23:59 UTC, every day; ML fundamentals" in out
    assert out.count("--- #console: today's question ---") == 1
    assert "Posted today's question in this channel." in out
    assert "Correct! +10 points" in out and "Traceback" not in result.stderr


def test_answering_the_daily_post_again_shows_the_first_feedback(env: dict[str, str]) -> None:
    script = (
        "/prep schedule set 23:59 UTC fundamentals easy\n/prep post-now\n/prep answer B\n/prep answer A\n"
    )
    result = prepbot("console", "--user", "ada", stdin=script, env=env)
    assert result.returncode == 0, result.stderr
    words = " ".join(result.stdout.split())
    assert words.count("Correct! +10 points") == 2
    assert " ".join(ANSWERED_BEFORE.split()) in words
    assert "Not quite" not in words
