"""The parsed form of valid pack files, kept as JSON so a restart skips YAML parsing.

Each entry is named by a hash of prepbot's version and the file's bytes, so an edited file or a
new version never meets an old entry; an unreadable or corrupt entry is ignored and rewritten.
Entries hold the parsed data only: every load still validates it like freshly parsed YAML."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from bot import __version__


class PackCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry(self, content: bytes) -> Path:
        digest = hashlib.sha256(__version__.encode() + b"\0" + content).hexdigest()
        return self.folder / f"{digest}.json"

    def get(self, content: bytes) -> Any | None:
        try:
            return json.loads(self._entry(content).read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, content: bytes, parsed: Any) -> None:
        """Keeps `parsed` only if JSON holds it exactly (YAML also has dates, sets, binary)."""
        try:
            text = json.dumps(parsed, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            return
        if json.loads(text) != parsed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return  # a read-only or missing data folder: the packs are parsed at every start
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, self._entry(content))
        except OSError:
            Path(temporary).unlink(missing_ok=True)
