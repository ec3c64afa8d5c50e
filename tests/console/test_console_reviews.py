"""Reviews, again, skip and weak spots as a console member types them."""

from __future__ import annotations

import io
from pathlib import Path

from adapters.console.app import run_console
from bot.bootstrap import build_core, build_router
from bot.dispatch import Dispatcher
from bot.settings import Settings
from tests.conftest import FixedClock
from tests.console.test_console_cli import prepbot


async def console(dispatcher: Dispatcher, lines: str) -> str:
    out = io.StringIO()
    await run_console(dispatcher, "ada", io.StringIO(lines), out)
    return out.getvalue()


async def test_a_review_session_days_later(content_dir: Path, tmp_path: Path) -> None:
    clock = FixedClock()
    core = await build_core(
        Settings(
            bundled_questions=False, content_dir=content_dir, database_url=f"sqlite:///{tmp_path / 'bot.db'}"
        ),
        clock=clock,
    )
    dispatcher = build_router(core)
    try:
        first = await console(
            dispatcher,
            "/prep quiz fundamentals easy\n/prep answer A\n"
            "/prep quiz data\n/prep again\n/prep skip\n/prep stats\n",
        )
        assert "Not quite. +0 points" in first
        assert first.count("Validation accuracy is 99.8% on the first try") == 2
        assert "does not count as wrong. It comes back in /prep review in 10 minutes." in first
        assert "Weakest topics (chance of a right answer, 80% credible range):" in first
        assert "ML fundamentals" in first and "unsure: few answers" in first
        assert "Reviews due: 0" in first
        clock.advance(days=2)
        later = await console(
            dispatcher, "/prep stats\n/prep review\n/prep answer B\n/prep answer B\n/prep review\n"
        )
        assert "Reviews due: 2 (/prep review)" in later
        assert "Review: 2 questions due now. Reviews earn no points" in later
        assert later.count("No points: you had already attempted this question") == 1
        assert "Review: 1 question due now" in later
        assert "That was your last review due. The next one falls due in " in later
        assert later.rstrip().endswith(
            "Meanwhile, try something new with /prep quiz (or /prep quiz weak for your weakest topic)."
        )
    finally:
        await core.close()


def test_bad_input_for_reviews_gets_clear_replies(env: dict[str, str]) -> None:
    result = prepbot(
        "console",
        "--user",
        "ada",
        env=env,
        stdin="/prep review\n/prep skip\n/prep again\n/prep quiz weak hardest\n",
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    out = result.stdout
    assert "Nothing is due for review. Meanwhile, try something new with /prep quiz" in out
    assert "Sorry: You have no open question to skip. Start one with /prep quiz" in out
    assert "Sorry: You have no open question to show again." in out
    assert "Unknown difficulty 'hardest'" in out
