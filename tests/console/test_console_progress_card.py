"""`/prep stats` in the console writes the progress card beside the database and prints its path."""

from __future__ import annotations

import io
from pathlib import Path

from adapters.runner import run_console_with_daily
from bot.bootstrap import bootstrap
from bot.settings import Settings

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SESSION = "/prep quiz fundamentals easy\n/prep answer A\n/prep stats\n"


async def session_output(settings: Settings, lines: str) -> str:
    app = await bootstrap(settings)
    out = io.StringIO()
    try:
        await run_console_with_daily(app, "ada lovelace", io.StringIO(lines), out)
    finally:
        await app.close()
    return out.getvalue()


def settings_for(content_dir: Path, data: Path, **extra: object) -> Settings:
    return Settings(
        bundled_questions=False,
        content_dir=content_dir,
        database_url=f"sqlite:///{data / 'bot.db'}",
        _env_file=None,
        **extra,
    )


async def test_stats_write_the_card_and_print_its_path(content_dir: Path, tmp_path: Path) -> None:
    output = await session_output(settings_for(content_dir, tmp_path), SESSION)
    card = tmp_path / "progress-ada_lovelace.png"
    assert f"Progress card: {card}" in output
    assert card.read_bytes().startswith(PNG_SIGNATURE)


async def test_images_off_prints_text_stats_only(content_dir: Path, tmp_path: Path) -> None:
    output = await session_output(settings_for(content_dir, tmp_path, images="off"), SESSION)
    assert "Stats for ada lovelace" in output and "Progress card" not in output
    assert not list(tmp_path.glob("progress-*.png"))


async def test_no_card_before_the_first_answer(content_dir: Path, tmp_path: Path) -> None:
    output = await session_output(settings_for(content_dir, tmp_path), "/prep stats\n")
    assert "No answers yet" in output and "Progress card" not in output
