"""Reading question-pack files and merging the topics they declare, collecting every problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError
from rapidfuzz import process

from bot.errors import ContentError
from bot.models import Kind, PackHeader, Question, TopicInfo
from bot.pack_cache import PackCache
from bot.topics import Topics

# libyaml's loader is an order of magnitude faster; the pure-Python one when PyYAML lacks it
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_QUESTION = TypeAdapter(Question)
_KIND_ERRORS = {"union_tag_not_found", "union_tag_invalid"}


@dataclass(frozen=True)
class LoadedPack:
    """The valid parts of one pack file; its problems are reported separately."""

    path: Path
    header: PackHeader | None
    questions: tuple[Question, ...]


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


def validate_pack(path: Path, raw: Any) -> tuple[LoadedPack, list[ContentError]]:
    if not isinstance(raw, dict):
        problem = ContentError(
            path, None, None, "the file must be a mapping with 'pack', 'title', 'questions'"
        )
        return LoadedPack(path, None, ()), [problem]
    problems: list[ContentError] = []
    raw_questions = raw.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(ContentError(path, None, "questions", "must be a non-empty list"))
        raw_questions = []
    questions = []
    for index, item in enumerate(raw_questions):
        try:
            questions.append(_QUESTION.validate_python(item))
        except ValidationError as error:
            question_id = _question_id(item, index)
            for detail in error.errors():
                message = detail["msg"].removeprefix("Value error, ")
                where = "kind" if detail["type"] in _KIND_ERRORS else _location(detail["loc"], message)
                problems.append(ContentError(path, question_id, where, message))
    header = None
    try:
        header = PackHeader.model_validate({k: v for k, v in raw.items() if k != "questions"})
    except ValidationError as error:
        problems += [ContentError(path, None, _location(d["loc"]), d["msg"]) for d in error.errors()]
    return LoadedPack(path, header, tuple(questions)), problems


def read_pack(path: Path, cache: PackCache | None = None) -> tuple[LoadedPack, list[ContentError]]:
    try:
        content = path.read_bytes()
        cached = cache.get(content) if cache else None
        if cached is not None:
            pack, problems = validate_pack(path, cached)
            if not problems:  # only valid packs are kept: problems mean a damaged entry
                return pack, problems
        raw = yaml.load(content.decode("utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(error, "problem", None) or error
        return LoadedPack(path, None, ()), [ContentError(path, None, where, f"malformed YAML: {problem}")]
    except (OSError, UnicodeDecodeError) as error:
        return LoadedPack(path, None, ()), [ContentError(path, None, None, f"cannot read the file: {error}")]
    pack, problems = validate_pack(path, raw)
    if cache and not problems:
        cache.put(content, raw)
    return pack, problems


def pack_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ContentError(directory, None, None, "no such content folder")
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not files:
        raise ContentError(directory, None, None, "the folder holds no .yaml question packs")
    return files


def _declare(
    declared: dict[str, tuple[TopicInfo, Path]], info: TopicInfo, path: Path, index: int
) -> ContentError | None:
    if info.id not in declared:
        declared[info.id] = (info, path)
        return None
    known, where = declared[info.id]
    if known.title != info.title:
        return ContentError(
            path,
            None,
            f"topics.{index}.title",
            f"topic '{info.id}' is titled '{info.title}' here but '{known.title}' in {where}",
        )
    aliases = tuple(dict.fromkeys([*known.aliases, *info.aliases]))
    declared[info.id] = (known.model_copy(update={"aliases": aliases}), where)
    return None


def _alias_clashes(declared: dict[str, tuple[TopicInfo, Path]]) -> list[ContentError]:
    problems = []
    owner: dict[str, str] = {}
    for topic_id, (info, path) in declared.items():
        for alias in info.aliases:
            other = alias if alias in declared else owner.setdefault(alias, topic_id)
            if other != topic_id:
                problems.append(
                    ContentError(
                        path,
                        None,
                        "topics",
                        f"alias '{alias}' of topic '{topic_id}' already names topic '{other}'",
                    )
                )
    return problems


def merge_topics(packs: Sequence[LoadedPack]) -> tuple[Topics, list[ContentError]]:
    """Every pack's `topics:`; then, for packs without that list, each undeclared topic their
    questions use, titled with the pack's title; then every question's topic checked."""
    declared: dict[str, tuple[TopicInfo, Path]] = {}
    problems = [
        problem
        for pack in packs
        if pack.header
        for index, info in enumerate(pack.header.topics)
        if (problem := _declare(declared, info, pack.path, index))
    ]
    problems += _alias_clashes(declared)
    for pack in packs:
        if pack.header is None or pack.header.topics:
            continue
        for question in pack.questions:
            if question.topic not in declared:
                title = pack.header.title.strip()[:80]
                declared[question.topic] = (TopicInfo(id=question.topic, title=title), pack.path)
    for pack in packs:
        for question in pack.questions:
            if question.topic not in declared:
                guess = process.extractOne(question.topic, list(declared), score_cutoff=70)
                hint = f" Did you mean '{guess[0]}'?" if guess else ""
                problems.append(
                    ContentError(
                        pack.path,
                        question.id,
                        "topic",
                        f"'{question.topic}' is not a declared topic: declare it under the "
                        f"pack's topics: (id, title, aliases).{hint}",
                    )
                )
    return Topics(tuple(info for info, _ in declared.values())), problems
