"""Loads question packs from YAML, validates them, and serves questions by id, topic and level."""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ContentError
from bot.models import Difficulty, Kind, Question
from bot.pack_cache import PackCache
from bot.packs import LoadedPack, merge_topics, pack_files, read_pack
from bot.topics import Topics

BUNDLED_CONTENT = Path(__file__).resolve().parent.parent / "content"


def _where(path: Path, other: Path) -> str:
    return other.name if other.parent == path.parent else str(other)


@dataclass
class QuestionBank:
    """Every question of the loaded packs, looked up by id, topic and difficulty."""

    questions: dict[str, Question] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)
    topics: Topics = field(default_factory=Topics)

    @classmethod
    def load(
        cls, *directories: Path, topics_from: Sequence[Path] = (), cache: PackCache | None = None
    ) -> QuestionBank:
        """The packs of `directories`, in order, after those of `topics_from`, which declare
        topics but serve no questions. Raises one ContentError listing every problem."""
        if not directories and not topics_from:
            directories = (BUNDLED_CONTENT,)
        packs: list[LoadedPack] = []
        problems: list[ContentError] = []
        served: set[Path] = set()
        for directory in (*topics_from, *directories):
            for path in pack_files(directory):
                pack, found = read_pack(path, cache)
                packs.append(pack)
                problems += found
                if directory in directories:
                    served.add(path)
        topics, found = merge_topics(packs)
        bank = cls(topics=topics)
        for pack in packs:
            if pack.path in served:
                problems += bank._add(pack)
        problems += found
        if problems:
            raise ContentError.combine(problems)
        return bank

    def _add(self, pack: LoadedPack) -> list[ContentError]:
        problems = []
        for question in pack.questions:
            if question.id in self.questions:
                first = _where(pack.path, self.origin[question.id])
                problems.append(
                    ContentError(pack.path, question.id, "id", f"duplicate question id (also in {first})")
                )
                continue
            self.questions[question.id] = question
            self.origin[question.id] = pack.path
        return problems

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)

    def select(
        self,
        topic: str | None = None,
        difficulty: Difficulty | None = None,
        kinds: Iterable[Kind] | None = None,
    ) -> list[Question]:
        allowed = set(kinds) if kinds is not None else None
        return [
            q
            for q in self.questions.values()
            if (topic is None or q.topic == topic)
            and (difficulty is None or q.difficulty == difficulty)
            and (allowed is None or q.kind in allowed)
        ]

    def pick(
        self, candidates: Sequence[Question], seen: set[str], rng: random.Random | None = None
    ) -> Question | None:
        """A random candidate not in `seen`; once all are seen, any candidate."""
        if not candidates:
            return None
        fresh = [q for q in candidates if q.id not in seen]
        return (rng or random).choice(fresh or list(candidates))

    def topic_counts(self) -> Counter[str]:
        return Counter(q.topic for q in self.questions.values())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading allocates many objects that all live on and no garbage cycles, yet each automatic
    collection would walk everything allocated so far: with a bank of 50,000 questions that was
    three quarters of the load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_content(
    extra: Sequence[Path], *, bundled_questions: bool = True, cache_dir: Path | None = None
) -> QuestionBank:
    """The bundled packs first, then each folder of `extra`. Without `bundled_questions` the
    bundled packs still declare their topics but serve questions only if `extra` names them.
    With `cache_dir`, valid packs are kept there parsed, for a faster next start."""
    cache = PackCache(cache_dir) if cache_dir else None
    bundled = BUNDLED_CONTENT.resolve()
    folders = list(dict.fromkeys(folder.resolve() for folder in extra))
    if not bundled_questions and not folders:
        raise ContentError(
            bundled, None, None, "the bundled questions are switched off and no other folder is named"
        )
    with collector_paused():
        if bundled_questions or bundled in folders:
            return QuestionBank.load(bundled, *(f for f in folders if f != bundled), cache=cache)
        return QuestionBank.load(*folders, topics_from=(bundled,), cache=cache)
