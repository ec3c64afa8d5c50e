"""Rubric phrasings, parsed once per question: terms that must meet in one clause, each with alternatives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from bot.grading.memo import per_question
from bot.grading.text import words
from bot.models import OpenQuestion

_TERM_JOIN = re.compile(r"\s\+\s")
GENERIC_STEMS = (
    "data",
    "model",
    "train",
    "evaluat",
    "perform",
    "metric",
    "result",
    "feature",
    "accura",
    "system",
    "approach",
    "problem",
    "solution",
    "improv",
    "analy",
    "understand",
    "process",
    "method",
    "techniqu",
    "use",
    "using",
    "work",
    "build",
    "built",
    "quality",
    "important",
    "good",
    "better",
    "best",
    "value",
    "business",
    "team",
    "project",
    "goal",
    "iterat",
    "optimi",
    "step",
    "time",
    "way",
    "thing",
    "make",
    "need",
    "consider",
    "ensure",
    "check",
    "look",
    "think",
    "help",
    "output",
    "input",
    "information",
    "learn",
    "machine",
    "ml",
    "ai",
    "algorithm",
    "task",
    "issue",
    "case",
    "example",
    "outcome",
    "tool",
    "scale",
    "user",
    "requirement",
    "design",
    "plan",
    "implement",
    "develop",
    "experiment",
    "test",
    "set",
    "right",
    "appropriate",
    "carefully",
    "effective",
    "efficient",
    "robust",
    "relevant",
    "measure",
    "success",
    "question",
    "answer",
    "context",
    "differen",
    "change",
    "includ",
    "involv",
    "focus",
    "key",
    "strateg",
    "framework",
    "overall",
    "also",
    "well",
    "general",
    "specific",
    "various",
    "many",
    "several",
    "some",
    "first",
)
_GENERIC_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "for",
        "in",
        "on",
        "with",
        "is",
        "are",
        "it",
        "we",
        "i",
        "be",
        "by",
        "at",
        "as",
    }
)


@dataclass(frozen=True)
class Alternative:
    words: tuple[str, ...]
    generic: bool


@dataclass(frozen=True)
class Phrasing:
    terms: tuple[tuple[Alternative, ...], ...]


@dataclass(frozen=True)
class CompiledPoint:
    point: str
    phrasings: tuple[Phrasing, ...]


@cache  # a pure function of a word; the vocabulary of the bank's rubrics is bounded
def is_generic_word(word: str) -> bool:
    if word in _GENERIC_WORDS:
        return True
    return any(
        word in (stem, stem + "s") if len(stem) <= 3 else word.startswith(stem) and len(word) <= len(stem) + 6
        for stem in GENERIC_STEMS
    )


def _alternative(text: str) -> Alternative | None:
    folded = tuple(words(text))
    if not folded:
        return None
    return Alternative(folded, all(is_generic_word(word) for word in folded))


def parse_phrasing(text: str) -> Phrasing | None:
    """`monitor|track + drift|data shift` becomes two terms of alternatives."""
    terms = []
    for term in _TERM_JOIN.split(text.strip()):
        alternatives = tuple(a for a in (_alternative(alt) for alt in term.split("|")) if a)
        if alternatives:
            terms.append(alternatives)
    return Phrasing(tuple(terms)) if terms else None


@per_question
def compiled_rubric(question: OpenQuestion) -> tuple[CompiledPoint, ...]:
    return tuple(
        CompiledPoint(point.point, tuple(p for p in (parse_phrasing(text) for text in point.phrasings) if p))
        for point in question.rubric
    )
