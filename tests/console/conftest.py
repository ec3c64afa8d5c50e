"""Fixtures for tests that run the real `prepbot` process."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path, content_dir: Path) -> dict[str, str]:
    """Environment pointing a `prepbot` process at a fresh SQLite file and the test content."""
    return {
        "PREPBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'bot.db'}",
        "PREPBOT_BUNDLED_QUESTIONS": "false",
        "PREPBOT_CONTENT_DIR": str(content_dir),
    }
