"""One computation per question object, kept while the question is in use."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

Q = TypeVar("Q")
R = TypeVar("R")


KEPT_QUESTIONS = 2048


class PerQuestion(Generic[Q, R]):
    """Memoises `build(question)` by object identity; question models hold lists, so they don't hash."""

    def __init__(self, build: Callable[[Q], R], size: int = KEPT_QUESTIONS) -> None:
        self.build = build
        self.size = size
        self.entries: OrderedDict[int, tuple[Q, R]] = OrderedDict()

    def __call__(self, question: Q) -> R:
        key = id(question)
        entry = self.entries.get(key)
        if entry is not None and entry[0] is question:
            self.entries.move_to_end(key)
            return entry[1]
        result = self.build(question)
        self.entries[key] = (question, result)
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return result


def per_question(build: Callable[[Q], R]) -> PerQuestion[Q, R]:
    return PerQuestion(build)
