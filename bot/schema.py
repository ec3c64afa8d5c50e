"""The JSON schema of a question pack, for editors; `content/question-pack.schema.json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.bank import BUNDLED_CONTENT
from bot.models import QuestionPack

SCHEMA_FILE = BUNDLED_CONTENT / "question-pack.schema.json"


def pack_schema() -> dict[str, Any]:
    schema = QuestionPack.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "prepbot question pack"
    return schema


def render_schema() -> str:
    return json.dumps(pack_schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_FILE) -> None:
    path.write_text(render_schema(), encoding="utf-8")
