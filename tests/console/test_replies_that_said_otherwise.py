"""Replies that used to mislead: the next post after post-now, an unknown difficulty or period,
and today's question after you answered it."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from adapters.console.app import ConsoleSession, console_member
from adapters.console.publisher import ConsolePublisher
from bot.bootstrap import App

BERLIN = ZoneInfo("Europe/Berlin")


class Console:
    def __init__(self, app: App) -> None:
        self.out = io.StringIO()
        app.daily.add_publisher(ConsolePublisher(self.out))
        self.session = ConsoleSession(app.dispatcher, console_member("ada"), self.out)

    async def type(self, line: str) -> str:
        start = len(self.out.getvalue())
        self.session.show(await self.session.reply_to(line))
        return self.out.getvalue()[start:]


async def test_after_post_now_the_next_post_is_tomorrow(sqlite_app: App) -> None:
    console = Console(sqlite_app)
    with time_machine.travel(datetime(2026, 11, 16, 8, 0, tzinfo=BERLIN), tick=False):
        set_reply = await console.type("/prep schedule set 09:00 Europe/Berlin fundamentals easy")
        assert "Next post: Mon 16 Nov 09:00 CET" in set_reply
        assert "Posted today's question" in await console.type("/prep post-now")
        assert "Next post: Tue 17 Nov 09:00 CET" in await console.type("/prep schedule show")
        await console.type("/prep schedule pause")
        assert "Next post: Tue 17 Nov 09:00 CET" in await console.type("/prep schedule resume")


async def test_today_after_answering_says_so_instead_of_how_to_answer(sqlite_app: App) -> None:
    console = Console(sqlite_app)
    await console.type("/prep schedule set 23:59 UTC fundamentals easy")
    await console.type("/prep post-now")
    before = await console.type("/prep today")
    assert "Answer with /prep answer A/B/C/D" in before
    await console.type("/prep answer B")
    after = await console.type("/prep today")
    assert "Answer with" not in after
    assert "You have answered this one (Correct); the answer is revealed when it closes." in after
    assert "1 answered so far." in after


async def test_an_unknown_difficulty_is_named_as_a_difficulty(sqlite_app: App) -> None:
    console = Console(sqlite_app)
    reply = await console.type("/prep quiz fundamentals expert")
    assert "Unknown difficulty 'expert': use easy, medium or hard." in reply
    assert "Unknown topic" not in reply
    assert "Unknown topic 'astrology'" in await console.type("/prep quiz astrology")


async def test_an_unknown_period_lists_the_periods(sqlite_app: App) -> None:
    console = Console(sqlite_app)
    reply = await console.type("/prep leaderboard year")
    assert "Unknown period or topic 'year': the periods are week, month and all" in reply
    assert "Leaderboard — All time — ML fundamentals" in await console.type(
        "/prep leaderboard all fundamentals"
    )
    assert "Unknown topic 'astrology'" in await console.type("/prep leaderboard month astrology")
