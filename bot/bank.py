"""Loads question packs from YAML, validates them, and serves questions by id, topic and level."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from bot.errors import ContentError
from bot.models import Difficulty, Kind, Question, QuestionPack, Topic

_QUESTION = TypeAdapter(Question)
BUNDLED_CONTENT = Path(__file__).resolve().parent.parent / "content"


def _location(loc: Sequence[int | str], message: str = "") -> str:
    parts = [str(p) for p in loc if str(p) not in {k.value for k in Kind}]
    if not parts:
        # A whole-question check names its field as the message's first word.
        parts = message.removeprefix("Value error, ").split(" ", 1)[:1]
    return ".".join(parts) or "(pack)"


def _question_id(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return f"#{index + 1}"


def _validate_pack(path: Path, raw: Any) -> QuestionPack:
    if not isinstance(raw, dict):
        raise ContentError(path, None, None, "the file must be a mapping with 'pack', 'title', 'questions'")
    problems: list[tuple[str | None, str | None, str]] = []
    header = {k: v for k, v in raw.items() if k != "questions"}
    raw_questions = raw.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append((None, "questions", "must be a non-empty list"))
        raw_questions = []
    questions = []
    for index, item in enumerate(raw_questions):
        try:
            questions.append(_QUESTION.validate_python(item))
        except ValidationError as error:
            first = error.errors()[0]
            message = first["msg"].removeprefix("Value error, ")
            problems.append((_question_id(item, index), _location(first["loc"], message), message))
    try:
        pack = QuestionPack.model_validate({**header, "questions": questions or [None]})
    except ValidationError as error:
        for detail in error.errors():
            if detail["loc"] and detail["loc"][0] != "questions":
                problems.append((None, _location(detail["loc"]), detail["msg"]))
    if problems:
        question_id, where, message = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ContentError(path, question_id, where, message + more)
    return pack


def load_pack(path: Path) -> QuestionPack:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(error, "problem", None) or error
        raise ContentError(path, None, where, f"malformed YAML: {problem}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(path, None, None, f"cannot read the file: {error}") from None
    return _validate_pack(path, raw)


def pack_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ContentError(directory, None, None, "no such content folder")
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not files:
        raise ContentError(directory, None, None, "the folder holds no .yaml question packs")
    return files


@dataclass
class QuestionBank:
    """Every question of the loaded packs, looked up by id, topic and difficulty."""

    questions: dict[str, Question] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path = BUNDLED_CONTENT) -> QuestionBank:
        bank = cls()
        for path in pack_files(directory):
            for question in load_pack(path).questions:
                if question.id in bank.questions:
                    first = bank.origin[question.id].name
                    raise ContentError(path, question.id, "id", f"duplicate question id (also in {first})")
                bank.questions[question.id] = question
                bank.origin[question.id] = path
        return bank

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)

    def select(
        self, topic: Topic | None = None, difficulty: Difficulty | None = None,
        kinds: Iterable[Kind] | None = None,
    ) -> list[Question]:
        allowed = set(kinds) if kinds is not None else None
        return [
            q for q in self.questions.values()
            if (topic is None or q.topic == topic)
            and (difficulty is None or q.difficulty == difficulty)
            and (allowed is None or q.kind in allowed)
        ]

    def pick(
        self, candidates: Sequence[Question], seen: set[str], rng: random.Random | None = None,
    ) -> Question | None:
        """A random candidate not in `seen`; once all are seen, any candidate."""
        if not candidates:
            return None
        fresh = [q for q in candidates if q.id not in seen]
        return (rng or random).choice(fresh or list(candidates))

    def topic_counts(self) -> Counter[Topic]:
        return Counter(q.topic for q in self.questions.values())
