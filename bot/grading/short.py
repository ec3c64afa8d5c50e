"""Short answers: an accepted phrase or number, framed as the member likes, naming no rival answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.grading.memo import per_question
from bot.grading.numbers import Number, equal, numbers_in, parse_number
from bot.grading.result import Grade, Verdict
from bot.grading.rivals import CONTRASTIVE, NEGATORS, rivals_named_in_prompt, sibling_terms
from bot.grading.text import find_phrase, words
from bot.models import ShortQuestion

_PROPORTION = re.compile(r"\b(proportion|percentage|percent|probability|rate|fraction|share)\b|%",
                         re.IGNORECASE)
_NOTE_MARKERS = re.compile(
    r"\(.*?(?:\)|$)|\[.*?(?:\]|$)|(?:\b(?:because|since|as|which|so|i\.e\.|e\.g\.|due to|given)\b"
    r"|\s[—–-]\s|;|,\s).*$", re.IGNORECASE | re.DOTALL)
_HARMLESS_NUMBER_WORDS = frozenset({"one", "first", "second"})
_NUMBER_SUFFIXES = frozenset({"times", "x", "fold", "percent", "exactly", "overall", "in", "total",
                              "of", "for", "is", "it", "at", "on", "and", "then"})


@dataclass(frozen=True)
class ShortKey:
    """A short question's accepted, rejected and rival answers, folded once."""

    accepted: tuple[tuple[str, ...], ...]
    numbers: tuple[Number, ...]
    rejected: tuple[tuple[str, ...], ...]
    rivals: tuple[tuple[str, ...], ...]
    units: frozenset[str]
    percent_ok: bool
    tolerance: float


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@per_question
def short_key(question: ShortQuestion) -> ShortKey:
    rejected = tuple(tuple(words(text)) for text in question.reject if words(text))
    accepted = tuple(phrase for phrase in (tuple(words(text)) for text in
                                           (question.answer, *question.accept))
                     if phrase and phrase not in rejected)
    numbers = tuple(n for n in (parse_number(list(phrase)) for phrase in accepted) if n is not None)
    rivals = {*rejected, *rivals_named_in_prompt(question.prompt, accepted), *sibling_terms(accepted)}
    unit_words = {_singular(w) for text in (*question.units, question.prompt) for w in words(text)
                  if w.isalpha() and len(w) > 1}
    percent_ok = question.percent if question.percent is not None else \
        bool(_PROPORTION.search(question.prompt))
    return ShortKey(accepted, numbers, rejected,
                    tuple(r for r in rivals if r not in accepted), frozenset(unit_words),
                    percent_ok, question.tolerance or 0.0)


def _split_note(response: str) -> tuple[list[str], list[str]]:
    """The answer itself, and the bracketed notes and explanations around it."""
    head = _NOTE_MARKERS.sub(" ", response)
    notes = " ".join(match.group(0) for match in _NOTE_MARKERS.finditer(response))
    head_words = words(head)
    if not head_words:
        return words(response), []
    return head_words, words(notes)


def _negated(said: list[str], start: int) -> bool:
    return any(word in NEGATORS for word in said[max(0, start - 2):start])


def _named(said: list[str], phrase: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    found = find_phrase(said, phrase)
    while found is not None:
        spans.append(found)
        found = find_phrase(said, phrase, start=found[1])
    return spans


def _accepted_span(said: list[str], key: ShortKey) -> tuple[int, int] | None:
    for phrase in key.accepted:
        for span in _named(said, phrase):
            if not _negated(said, span[0]):
                return span
    return None


def _names_rival(said: list[str], key: ShortKey, answer: tuple[int, int] | None) -> bool:
    for rival in key.rivals:
        for start, end in _named(said, rival):
            overlaps = answer is not None and start < answer[1] and end > answer[0]
            if overlaps and answer is not None:
                if start <= answer[0] and end >= answer[1] and end - start > answer[1] - answer[0]:
                    return True
                continue
            if not any(w in CONTRASTIVE for w in said[max(0, start - 3):start]):
                return True
    return False


def _number_fits(said: list[str], mention: Number, key: ShortKey) -> bool:
    if not any(equal(mention, wanted, tolerance=key.tolerance, percent_ok=key.percent_ok)
               for wanted in key.numbers):
        return False
    following = said[mention.end] if mention.end < len(said) else ""
    return not following or not following.isalpha() or _singular(following) in key.units \
        or following in _NUMBER_SUFFIXES


def _numeric_verdict(head: list[str], key: ShortKey) -> bool:
    mentions = numbers_in(head)
    fitting = [m for m in mentions if _number_fits(head, m, key)]
    strays = [m for m in mentions if m not in fitting and
              not (m.end - m.start == 1 and head[m.start] in _HARMLESS_NUMBER_WORDS)]
    negated = any(_negated(head, m.start) for m in fitting)
    return bool(fitting) and not strays and not negated


def grade_short(question: ShortQuestion, response: str) -> Grade:
    key = short_key(question)
    head, notes = _split_note(response)
    everything = head + notes
    if any(_named(head, phrase) for phrase in key.rejected) or \
            any(tuple(everything) == phrase for phrase in key.rejected):
        return Grade(Verdict.WRONG, chosen=response)
    answer = _accepted_span(head, key)
    if answer is None and key.numbers:
        right = _numeric_verdict(head, key)
    else:
        span = answer or _accepted_span(everything, key)
        right = span is not None and not _names_rival(everything, key, span if answer else None) \
            and not (key.numbers and numbers_in(head) and not _numeric_verdict(head, key))
    return Grade(Verdict.CORRECT if right else Verdict.WRONG, chosen=response)
