"""`/prep config` and `/prep privacy` as console users type them, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

from adapters.console.app import CHANNEL, console_member, run_console
from bot.bootstrap import Core, build_router
from bot.dispatch import Dispatcher
from bot.replies import Notice
from tests.console.test_console_reviews import console


async def console_as(dispatcher: Dispatcher, user: str, lines: str, exports: Path) -> str:
    out = io.StringIO()
    await run_console(dispatcher, user, io.StringIO(lines), out, files=exports)
    return out.getvalue()


async def test_config_shows_and_sets_the_community_defaults(core: Core, tmp_path: Path) -> None:
    dispatcher = build_router(core)
    shown = await console(dispatcher, "/prep config\n")
    assert "• timezone: UTC (default)" in shown and "• weekly-board: on (default)" in shown
    out = await console(
        dispatcher,
        "/prep config timezone Europe/Berlin\n/prep config topics unsupervised-learning\n"
        "/prep config difficulty easy\n/prep config reveal 2h\n/prep config admin-role mentors\n"
        "/prep config public-boards off\n/prep config weekly-board off\n/prep config\n",
    )
    final = out.rsplit("This community's settings:", 1)[1]
    assert "• timezone: Europe/Berlin\n" in final
    assert "• topics: Unsupervised learning\n" in final or "• topics: unsupervised-learning\n" in final
    assert "• difficulty: easy\n" in final and "• reveal: 2h\n" in final
    assert "• admin-role: mentors\n" in final
    assert "• public-boards: off\n" in final and "• weekly-board: off\n" in final
    quiz = await console(dispatcher, "/prep quiz\n")
    assert "nearest centroid" in quiz  # the only easy unsupervised-learning question


async def test_config_refuses_bad_values_and_changes_nothing(core: Core) -> None:
    dispatcher = build_router(core)
    out = await console(
        dispatcher,
        "/prep config colour blue\n/prep config timezone Mars/Olympus\n/prep config topics astrology\n"
        "/prep config reveal 2d\n/prep config weekly-board maybe\n/prep config\n",
    )
    assert "Unknown setting 'colour'. The settings are:" in out and "• admin-role:" in out
    assert "Unknown timezone 'Mars/Olympus'" in out
    assert "Unknown topic 'astrology'" in out
    assert "'2d' is not a duration" in out
    assert "'maybe' is not on or off" in out
    final = out.rsplit("This community's settings:", 1)[1]
    assert "• timezone: UTC (default)" in final and "• reveal: 8h (default)" in final


async def test_hide_export_and_forget(core: Core, tmp_path: Path) -> None:
    dispatcher = build_router(core)
    await console(dispatcher, "/prep quiz fundamentals easy\n/prep answer B\n")
    await console_as(dispatcher, "bea", "/prep quiz data hard\n/prep answer B\n", tmp_path)
    hidden = await console_as(dispatcher, "bea", "/prep privacy hide\n/prep leaderboard all\n", tmp_path)
    assert "You are hidden from public boards" in hidden
    board = hidden.rsplit("Leaderboard", 1)[1]
    assert "1. ada" in board and "1. bea                          30 pts  <- you" in board
    others = await console(dispatcher, "/prep leaderboard all\n")
    assert "ada" in others and "bea" not in others

    exported = await console_as(dispatcher, "bea", "/prep privacy export\n", tmp_path)
    path = tmp_path / "prepbot-data-console-bea.json"
    assert f"Written to {path}" in exported
    data = json.loads(path.read_text())
    assert [a["question_id"] for a in data["answers"]] == ["leakage-signal"]
    assert data["settings"] == {"on_public_boards": False}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    first = await console_as(dispatcher, "bea", "/prep privacy forget\n", tmp_path)
    assert "cannot be undone" in first and "/prep privacy forget confirm" in first
    await console_as(dispatcher, "bea", "/prep privacy show\n", tmp_path)
    assert "1. bea" in await console(dispatcher, "/prep leaderboard all\n")  # nothing deleted yet
    done = await console_as(dispatcher, "bea", "/prep privacy forget confirm\n", tmp_path)
    assert "everything prepbot stored about you here is deleted" in done
    again = await console_as(
        dispatcher, "bea", "/prep privacy forget confirm\n/prep privacy export\n", tmp_path
    )
    assert again.count("Nothing is stored about you here") == 2
    boards = await console(dispatcher, "/prep leaderboard all\n/prep leaderboard week data\n")
    assert "1. ada" in boards and "bea" not in boards


async def test_export_with_no_data(core: Core, tmp_path: Path) -> None:
    out = await console_as(
        build_router(core), "newcomer", "/prep privacy export\n/prep privacy nonsense\n", tmp_path
    )
    assert "Nothing is stored about you here" in out
    assert "Use /prep privacy hide" in out
    assert not list(tmp_path.glob("prepbot-data-*.json"))


async def test_members_who_are_not_admins_cannot_configure(core: Core) -> None:
    dispatcher = build_router(core)
    refused = await dispatcher.handle_text(
        console_member("bea"), CHANNEL, "/prep config timezone Asia/Tokyo", is_admin=False
    )
    assert isinstance(refused, Notice) and refused.text == "Only admins can use /prep config."
    assert "• timezone: UTC (default)" in await console(dispatcher, "/prep config\n")
