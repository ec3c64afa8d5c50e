"""Under load, answers are recorded and acknowledged first; commands take turns after their ack."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from adapters.slack.handlers import COMMANDS_AT_ONCE
from bot.commands import Command
from bot.dispatch import Dispatcher
from bot.replies import Reply
from tests.adapters.slack.slack_client import SlackSender, buttons, click, command, command_body, shown


async def test_slow_commands_take_turns_and_a_click_is_answered_meanwhile(
    slack: SlackSender, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = await command(slack, "quiz fundamentals easy")
    release = asyncio.Event()
    working: list[str] = []
    most_at_once = 0
    run = Dispatcher.run

    async def slow_boards(self: Dispatcher, member: Any, channel: Any, cmd: Command, **kw: Any) -> Reply:
        nonlocal most_at_once
        if cmd.name != "leaderboard":
            return await run(self, member, channel, cmd, **kw)
        working.append(member.user_id)
        most_at_once = max(most_at_once, len(working))
        await release.wait()
        working.remove(member.user_id)
        return await run(self, member, channel, cmd, **kw)

    monkeypatch.setattr(Dispatcher, "run", slow_boards)
    held = 4
    assert held > COMMANDS_AT_ONCE
    before = len(slack.mock.named("response_url"))
    for number in range(held):
        body = command_body(slack.mock, "leaderboard", user=f"UHELD{number}", name=f"held{number}")
        assert await slack.form(body) == (200, "")  # each is acknowledged at once
    await asyncio.sleep(0.2)
    assert len(working) == COMMANDS_AT_ONCE  # the others wait their turn

    feedback, _ = await click(slack, buttons(card)[1])
    assert "Correct!" in shown(feedback)  # recorded, acknowledged and answered while they wait

    release.set()
    await slack.mock.wait_for("response_url", before + held + 1)
    assert most_at_once == COMMANDS_AT_ONCE
    assert not working
