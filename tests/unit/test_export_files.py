"""The export's files as Anki and a spreadsheet read them: one note per question, stable ids."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import genanki

from adapters.export_files import APKG_NAME, CSV_NAME, DECK_ID, MODEL_ID, build_files
from bot.export import DUE, WRONG, ExportRow

CHOICE = ExportRow(
    question_id="leakage-signal",
    topic="data-preparation",
    topic_title="Data preparation",
    tags=("leakage",),
    kind="choice",
    difficulty="hard",
    prompt="Validation accuracy is 99.8% on the first try. What do you check first? <script>",
    choices=("The learning rate", "Target leakage", "Batch size"),
    answer="B) Target leakage",
    explanation="A feature encodes the label.",
    key_points=(),
    reasons=(WRONG,),
)
OPEN = ExportRow(
    question_id="explain-overfitting",
    topic="fundamentals",
    topic_title="Fundamentals",
    tags=(),
    kind="open",
    difficulty="medium",
    prompt="Explain overfitting.",
    choices=(),
    answer="Overfitting is fitting noise.",
    explanation="Definition and remedies.",
    key_points=("Defines overfitting", "Names regularisation"),
    reasons=(WRONG, DUE),
)


def anki_collection(apkg: bytes, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(apkg)) as package:
        assert set(package.namelist()) == {"collection.anki2", "media"}
        path = tmp_path / f"collection-{len(list(tmp_path.iterdir()))}.anki2"
        path.write_bytes(package.read("collection.anki2"))
    return sqlite3.connect(path)


def notes(apkg: bytes, tmp_path: Path) -> list[tuple[Any, ...]]:
    with anki_collection(apkg, tmp_path) as db:
        return list(db.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id"))


def test_the_deck_has_one_note_per_question_front_and_back(tmp_path: Path) -> None:
    deck, sheet = build_files([CHOICE, OPEN])
    assert (deck.filename, sheet.filename) == (APKG_NAME, CSV_NAME)
    (choice_guid, model, choice_fields, choice_tags), (open_guid, _, open_fields, open_tags) = notes(
        deck.content, tmp_path
    )
    assert model == MODEL_ID
    assert (choice_guid, open_guid) == (
        genanki.guid_for("leakage-signal"),
        genanki.guid_for("explain-overfitting"),
    )
    front, back, code = choice_fields.split("\x1f")
    assert "What do you check first? &lt;script&gt;" in front and "<li>Target leakage</li>" in front
    assert "B) Target leakage" in back and "encodes the label" in back and code == CHOICE.reference
    assert choice_tags.split() == ["prepbot", "data-preparation", "leakage"]
    assert "<li>Names regularisation</li>" in open_fields.split("\x1f")[1]
    assert open_tags.split() == ["prepbot", "fundamentals"]


def test_a_later_export_keeps_the_deck_and_note_ids_so_anki_updates_the_cards(tmp_path: Path) -> None:
    first, _ = build_files([CHOICE])
    later, _ = build_files([OPEN, CHOICE])
    assert notes(first.content, tmp_path)[0][0] in [row[0] for row in notes(later.content, tmp_path)]
    for apkg in (first.content, later.content):
        with anki_collection(apkg, tmp_path) as db:
            [(decks,)] = db.execute("SELECT decks FROM col")
        assert str(DECK_ID) in json.loads(decks)


def test_the_csv_lists_each_question_with_its_answer_and_why(tmp_path: Path) -> None:
    _, sheet = build_files([CHOICE, OPEN])
    assert sheet.content.startswith(b"\xef\xbb\xbf")
    header, choice, open_row = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert header[:2] == ["code", "topic"] and header[-1] == "why"
    record = dict(zip(header, choice, strict=True))
    assert record["choices"] == "A) The learning rate\nB) Target leakage\nC) Batch size"
    assert record["answer"] == "B) Target leakage" and record["why"] == "answered wrong"
    assert (
        dict(zip(header, open_row, strict=True))["key points"] == "Defines overfitting\nNames regularisation"
    )
