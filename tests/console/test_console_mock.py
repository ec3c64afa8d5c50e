"""A mock interview as a console member types it: the planned questions with the time left, a
late answer after the clock ran out, and the report."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import build_core, build_router
from bot.settings import Settings
from tests.conftest import FixedClock
from tests.console.test_console_cli import prepbot
from tests.console.test_console_reviews import console

ANSWERS = {
    "likeliest cause": "B",
    "99.8%": "B",
    "maximum variance": "PCA",
    "nearest centroid": "k-means",
    "Explain overfitting": "Overfitting is memorising noise; use L2 regularisation and more data.",
}


def answer_for(shown: str) -> str:
    last_card = shown.rsplit("Mock question", 1)[1]
    return next(answer for clue, answer in ANSWERS.items() if clue in last_card)


async def test_a_mock_interview_runs_to_its_report(content_dir: Path, tmp_path: Path) -> None:
    clock = FixedClock()
    core = await build_core(
        Settings(
            bundled_questions=False, content_dir=content_dir, database_url=f"sqlite:///{tmp_path / 'bot.db'}"
        ),
        clock=clock,
    )
    dispatcher = build_router(core)
    try:
        shown = await console(dispatcher, "/prep mock breadth 10\n")
        assert "Mock interview: Breadth (ML fundamentals) round, 5 questions in 10 minutes" in shown
        assert "Mock question 1 of 5 · 10:00 left." in shown
        for number in range(2, 5):
            clock.advance(minutes=2)
            shown = await console(dispatcher, f"/prep answer {answer_for(shown)}\n")
            assert "+0 points" in shown
            assert f"Mock question {number} of 5 · {10 - 2 * (number - 1)}:00 left." in shown
        clock.advance(minutes=5)
        late = await console(dispatcher, f"/prep answer {answer_for(shown)}\n")
        assert "Time ran out 1:00 ago, so that answer was not recorded. Here is your report." in late
        assert (
            "Mock interview report: Breadth (ML fundamentals) round (time ran out after 10 minutes)." in late
        )
        assert "Score: 3 of 5 (60%)." in late and "not reached" in late
        assert "This was your first breadth mock" in late
    finally:
        await core.close()


def test_bad_mock_requests_get_clear_replies(env: dict[str, str]) -> None:
    result = prepbot(
        "console",
        "--user",
        "ada",
        env=env,
        stdin="/prep mock 500\n/prep mock sprint\n/prep mock stop\n/prep mock llm\n"
        "/prep mock breadth\n/prep mock llm 30\n/prep mock stop\n",
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    out = result.stdout
    assert "A mock lasts 10 to 60 minutes; 500 is outside that." in out
    assert "Unknown mock round 'sprint'. The rounds are breadth, llm, design" in out
    assert "You have no mock interview running." in out
    assert "The loaded question packs have nothing for the llm round. Try /prep mock mixed." in out
    assert "You already have a breadth mock running" in out
    assert "Mock abandoned after 0 of " in out
