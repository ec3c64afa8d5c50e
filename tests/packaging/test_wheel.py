"""`pip install .` must carry the question packs and the migrations inside the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_content_and_migrations(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "data", "build", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        check=True,
        timeout=300,
    )
    wheel = next((tmp_path / "dist").glob("prepbot-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = {p.name for p in (ROOT / "content").glob("*.yaml")}
    assert packs and {f"content/{name}" for name in packs} <= names
    assert "content/question-pack.schema.json" in names
    migrations = {p.name for p in (ROOT / "bot/storage/migrations/versions").glob("0*.py")}
    assert {f"bot/storage/migrations/versions/{name}" for name in migrations} <= names
    assert "bot/storage/migrations/env.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "prepbot = adapters.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
