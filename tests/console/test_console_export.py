"""`/prep export` in the console writes the deck and the CSV beside the database and prints their paths."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.console.test_console_progress_card import session_output, settings_for


async def test_export_writes_both_files_and_prints_their_paths(content_dir: Path, tmp_path: Path) -> None:
    output = await session_output(
        settings_for(content_dir, tmp_path), "/prep quiz fundamentals easy\n/prep answer A\n/prep export\n"
    )
    deck, sheet = tmp_path / "prepbot-review-ada_lovelace.apkg", tmp_path / "prepbot-review-ada_lovelace.csv"
    assert "Your export: 1 question" in output and f"Written:\n  {deck}\n  {sheet}" in output
    assert "collection.anki2" in zipfile.ZipFile(deck).namelist()
    assert "answered wrong" in sheet.read_text(encoding="utf-8-sig")


async def test_no_history_writes_nothing(content_dir: Path, tmp_path: Path) -> None:
    output = await session_output(settings_for(content_dir, tmp_path), "/prep export\n")
    assert "Nothing to export yet" in output and "Written" not in output
    assert not list(tmp_path.glob("prepbot-review-*"))
