"""docs/architecture.md stays true: it names every import-linter contract and only files that exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_import_contract_is_explained() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]
    table = {row.split("|")[1].strip() for row in DOC.splitlines() if row.startswith("| ")}
    missing = [name for name in names if not any(name.startswith(cell) for cell in table if cell)]
    assert missing == []


def test_every_file_it_names_exists() -> None:
    named = set(re.findall(r"`((?:bot|adapters|scheduler|tests|docs)/[\w/.<>]+?\.(?:py|md))`", DOC))
    assert len(named) > 20
    assert sorted(path for path in named if "<" not in path and not (ROOT / path).exists()) == []


def test_the_readme_links_it() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
