"""Domain errors. Each carries a message fit to show a member; adapters choose how to show it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class PrepError(Exception):
    """Base of every error a member or operator may be shown."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ContentError(PrepError):
    """A question pack is malformed: names the file, the question id and the field.

    `problems` holds every problem found in one load, this one first."""

    def __init__(
        self,
        path: Path,
        question_id: str | None,
        field: str | None,
        problem: str,
        *,
        more: Sequence[ContentError] = (),
    ):
        where = [str(path)]
        if question_id:
            where.append(f"question '{question_id}'")
        if field:
            where.append(f"field '{field}'")
        line = f"{': '.join(where)}: {problem}"
        super().__init__("\n".join([line, *(other.message for other in more)]))
        self.path = path
        self.question_id = question_id
        self.field = field
        self.problem = problem
        self.problems: tuple[ContentError, ...] = (self, *more)

    @classmethod
    def combine(cls, problems: Sequence[ContentError]) -> ContentError:
        """One error whose message lists every problem, one a line."""
        first, *rest = [each for error in problems for each in error.problems]
        if not rest:
            return first
        return cls(first.path, first.question_id, first.field, first.problem, more=rest)


class UsageError(PrepError):
    """The command or its options were not understood."""


class UnknownTopic(UsageError):
    pass


class NoOpenQuestion(PrepError):
    pass


class InvalidAnswer(PrepError):
    pass


ALREADY_ANSWERED = "You already answered this question. Start a new one with /prep quiz."


class AlreadyAnswered(PrepError):
    """The database refused a second answer: the one rule for answering once."""

    def __init__(self, message: str = ALREADY_ANSWERED) -> None:
        super().__init__(message)


class QuestionClosed(PrepError):
    pass


class QuestionGone(PrepError):
    """The question was removed from the bank since it was asked."""


class NotAdmin(PrepError):
    pass


class NotFound(PrepError):
    pass


class DatabaseUnavailable(PrepError):
    pass
