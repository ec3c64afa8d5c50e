"""The files of `/prep export`: an Anki deck made with genanki, and a CSV of the same rows.

The deck and note type keep fixed ids and each note's guid comes from its question id, so
importing a later export into Anki updates the member's cards instead of adding copies
(https://github.com/kerrickstaley/genanki#note-guids).
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import json
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from bot.export import ExportRow

DECK_NAME = "prepbot review"
DECK_ID = 1_734_502_112  # fixed forever: a new id would make Anki import a second deck
MODEL_ID = 1_734_502_113
APKG_NAME = "prepbot-review.apkg"
CSV_NAME = "prepbot-review.csv"
CSV_COLUMNS = (
    "code",
    "topic",
    "tags",
    "kind",
    "difficulty",
    "question",
    "choices",
    "answer",
    "explanation",
    "key points",
    "why",
)
LETTERS = "ABCDE"

NOTE_FIELDS = [{"name": "Question"}, {"name": "Answer"}, {"name": "Code"}]
NOTE_TEMPLATES = [
    {
        "name": "Card 1",
        "qfmt": "{{Question}}",
        "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<div class="code">{{Code}}</div>',
    }
]
NOTE_CSS = ".card { font-family: sans-serif; font-size: 18px; text-align: left; } .code { color: #888; }"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    title: str


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def choices_text(row: ExportRow) -> list[str]:
    return [f"{letter}) {choice}" for letter, choice in zip(LETTERS, row.choices, strict=False)]


def front(row: ExportRow) -> str:
    parts = [f"<div>{_html(row.prompt)}</div>"]
    if row.choices:
        parts.append("<ol type=A>" + "".join(f"<li>{_html(c)}</li>" for c in row.choices) + "</ol>")
    return "".join(parts)


def back(row: ExportRow) -> str:
    parts = [f"<div><b>{_html(row.answer)}</b></div>", f"<div>{_html(row.explanation)}</div>"]
    if row.key_points:
        parts.append("<ul>" + "".join(f"<li>{_html(p)}</li>" for p in row.key_points) + "</ul>")
    return "".join(parts)


def anki_tags(row: ExportRow) -> list[str]:
    """Anki tags cannot hold spaces; topic and tag slugs have none."""
    return list(dict.fromkeys(["prepbot", row.topic, *row.tags]))


def anki_deck(rows: Sequence[ExportRow], timestamp: float | None = None) -> bytes:
    """The .apkg file: one note per question."""
    import genanki  # about 9 MB resident: loaded by the first export, not by every start

    note_model = genanki.Model(
        MODEL_ID, "prepbot question", fields=NOTE_FIELDS, templates=NOTE_TEMPLATES, css=NOTE_CSS
    )
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for row in rows:
        deck.add_note(
            genanki.Note(
                model=note_model,
                fields=[front(row), back(row), _html(row.reference)],
                guid=genanki.guid_for(row.question_id),
                tags=anki_tags(row),
            )
        )
    moment = time.time() if timestamp is None else timestamp
    # genanki's write_to_file leaves its temporary database behind; this is the same package,
    # built in a folder that is removed afterwards.
    with tempfile.TemporaryDirectory(prefix="prepbot-export-") as folder:
        database = Path(folder) / "collection.anki2"
        with sqlite3.connect(database) as conn:
            genanki.Package(deck).write_to_db(conn.cursor(), moment, count(int(moment * 1000)))
        conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.write(database, "collection.anki2")
            package.writestr("media", json.dumps({}))
        return buffer.getvalue()


def csv_text(rows: Sequence[ExportRow]) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            (
                row.reference,
                row.topic_title,
                " ".join(row.tags),
                row.kind,
                row.difficulty,
                row.prompt,
                "\n".join(choices_text(row)),
                row.answer,
                row.explanation,
                "\n".join(row.key_points),
                ", ".join(row.reasons),
            )
        )
    return buffer.getvalue().encode("utf-8-sig")


def build_files(rows: Sequence[ExportRow]) -> list[ExportFile]:
    count_text = f"{len(rows)} question{'' if len(rows) == 1 else 's'}"
    return [
        ExportFile(APKG_NAME, anki_deck(rows), f"prepbot review deck ({count_text})"),
        ExportFile(CSV_NAME, csv_text(rows), f"prepbot review list ({count_text})"),
    ]


async def export_files(rows: Sequence[ExportRow]) -> list[ExportFile]:
    """The deck and the CSV, built in a worker thread (off the event loop)."""
    return await asyncio.to_thread(build_files, rows)
