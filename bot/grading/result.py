"""What grading returns: a verdict with evidence, or a request to answer again."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"


class PointStatus(StrEnum):
    MADE = "made"
    MISSED = "missed"
    CONTRADICTED = "contradicted"


@dataclass(frozen=True)
class PointEvidence:
    """One rubric point of an open answer and the clause that made or contradicted it."""

    point: str
    status: PointStatus
    quote: str = ""


@dataclass(frozen=True)
class Grade:
    verdict: Verdict
    points_hit: tuple[str, ...] = field(default=())
    points_missed: tuple[str, ...] = field(default=())
    chosen: str = ""
    points_contradicted: tuple[str, ...] = field(default=())
    evidence: tuple[PointEvidence, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())

    @property
    def correct(self) -> bool:
        return self.verdict == Verdict.CORRECT


@dataclass(frozen=True)
class NotAnAnswer:
    """The response is not recognisably an answer; nothing is graded or recorded."""

    message: str
