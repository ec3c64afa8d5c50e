"""Short answers: an accepted phrase or number, framed as the member likes, naming no rival answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.grading.memo import per_question
from bot.grading.numbers import Number, equal, numbers_in, parse_number
from bot.grading.result import Grade, Verdict
from bot.grading.rivals import CONTRASTIVE, NEGATORS, rivals_named_in_prompt, sibling_terms
from bot.grading.short_words import FRAMING, HARMLESS_NUMBER_WORDS, HEDGE_FILLER, NUMBER_SUFFIXES, VAGUE_TAILS
from bot.grading.text import find_phrase, words
from bot.models import ShortQuestion

_PROPORTION = re.compile(
    r"\b(proportion|percentage|percent|probability|rate|fraction|share)\b|%", re.IGNORECASE
)
_NOTE_MARKERS = re.compile(
    r"\(.*?(?:\)|$)|\[.*?(?:\]|$)|(?:\b(?:because|since|as|which|so|i\.e\.|e\.g\.|due to|given)\b"
    r"|\s[—–-]\s|;|,\s).*$",
    re.IGNORECASE | re.DOTALL,
)
_ALIAS = re.compile(r",?\s*\b(?:i\.e\.|aka|a\.k\.a\.|also (?:called|known as)|that is)", re.IGNORECASE)
_GLUED_UNIT = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)([a-zA-Z]{1,12})\b(?![-+]?\d)")
_MAGNITUDES = {
    "cent": 0.01,
    "cents": 0.01,
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "mn": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}
_ONE_IN = re.compile(r"\b(\d+)\s+(?:in|out of)\s+(\d+)\b", re.IGNORECASE)
_NOT_UNITS = frozenset({"st", "nd", "rd", "th", "x", "e", "fold"})
_RESULT_MARKER = re.compile(r"=|\b(?:so|which is|gives|giving|equals)\b", re.IGNORECASE)


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
    rejected = tuple(tuple(words(_unglued(text))) for text in question.reject if words(text))
    accepted = tuple(
        phrase
        for phrase in (tuple(words(_unglued(text))) for text in (question.answer, *question.accept))
        if phrase and phrase not in rejected
    )
    numbers = tuple(n for n in (parse_number(list(phrase)) for phrase in accepted) if n is not None)
    rivals = {*rejected, *rivals_named_in_prompt(question.prompt, accepted), *sibling_terms(accepted)}
    unit_words = {_singular(w) for w in words(question.prompt) if w.isalpha() and len(w) > 1} | {
        _singular(w) for text in question.units for w in words(_unglued(text)) if w.isalpha()
    }
    percent_ok = (
        question.percent if question.percent is not None else bool(_PROPORTION.search(question.prompt))
    )
    return ShortKey(
        accepted,
        numbers,
        rejected,
        tuple(r for r in rivals if r not in accepted),
        frozenset(unit_words),
        percent_ok,
        question.tolerance or 0.0,
    )


def _unglued(text: str) -> str:
    """`5ms`, `35GB`, `1.4T` as a number and its unit; ordinals, `4x` and `1e5` stay whole;
    `1 in 25` as the fraction it is."""
    text = _ONE_IN.sub(r"\1/\2", text)
    return _GLUED_UNIT.sub(
        lambda m: m.group(0) if m.group(2).casefold() in _NOT_UNITS else f"{m.group(1)} {m.group(2)}", text
    )


def _split_note(response: str, *, numeric: bool) -> tuple[list[str], list[str]]:
    """The answer itself, and the bracketed notes and explanations around it."""
    response = _unglued(response)
    if numeric:
        result = _RESULT_MARKER.split(response)[-1]
        if result != response and numbers_in(words(result)):
            response = result
    head = _NOTE_MARKERS.sub(" ", response)
    notes = " ".join(match.group(0) for match in _NOTE_MARKERS.finditer(response))
    head_words = words(head)
    if not head_words:
        return words(response), []
    return head_words, words(notes)


def _negated(said: list[str], start: int) -> bool:
    return any(word in NEGATORS for word in said[max(0, start - 2) : start])


def _named(said: list[str], phrase: tuple[str, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    found = find_phrase(said, phrase)
    while found is not None:
        spans.append(found)
        found = find_phrase(said, phrase, start=found[1])
    return spans


def _accepted_span(said: list[str], key: ShortKey, *, framed: bool = True) -> tuple[int, int] | None:
    """Where an accepted answer is named on its own: not negated, not part of a longer term."""
    for phrase in key.accepted:
        for span in _named(said, phrase):
            before = said[span[0] - 1] if span[0] else ""
            if _negated(said, span[0]) or (framed and before and before not in FRAMING):
                continue
            return span
    return None


def _accepted_at(said: list[str], index: int, key: ShortKey) -> bool:
    for phrase in key.accepted:
        found = find_phrase(said[index : index + len(phrase) + 2], phrase)
        if found is not None and found[0] == 0:
            return True
    return False


def _hedges(said: list[str], key: ShortKey) -> bool:
    """`X or Y` with one side accepted and the other a different answer."""
    for index, word in enumerate(said):
        if word != "or":
            continue
        right = index + 1
        while right < len(said) and said[right] in HEDGE_FILLER:
            right += 1
        left = index - 1
        sides = [said[max(0, left - 3) : left + 1], said[right : right + 4]]
        if not all(sides) or sides[1][0] in VAGUE_TAILS:
            continue
        right_ok = _accepted_at(said, right, key)
        left_ok = any(
            _named(sides[0], p) and _named(sides[0], p)[-1][1] == len(sides[0]) for p in key.accepted
        )
        if right_ok != left_ok:
            return True
    return False


def _names_rival(said: list[str], key: ShortKey, answer: tuple[int, int] | None) -> bool:
    for rival in key.rivals:
        for start, end in _named(said, rival):
            overlaps = answer is not None and start < answer[1] and end > answer[0]
            if overlaps and answer is not None:
                if start <= answer[0] and end >= answer[1] and end - start > answer[1] - answer[0]:
                    return True
                continue
            if not any(w in CONTRASTIVE for w in said[max(0, start - 3) : start]):
                return True
    return False


def _number_fits(said: list[str], mention: Number, key: ShortKey) -> bool:
    following = said[mention.end] if mention.end < len(said) else ""
    if following in _MAGNITUDES and following not in key.units:
        scaled = Number(mention.value * _MAGNITUDES[following], mention.start, mention.end + 1)
        if any(equal(scaled, wanted, tolerance=key.tolerance) for wanted in key.numbers):
            return True
    if not any(
        equal(mention, wanted, tolerance=key.tolerance, percent_ok=key.percent_ok) for wanted in key.numbers
    ):
        return False
    return (
        not following
        or not following.isalpha()
        or _singular(following) in key.units
        or following in NUMBER_SUFFIXES
        or following in FRAMING
    )


def _numeric_verdict(head: list[str], key: ShortKey) -> bool:
    mentions = numbers_in(head)
    fitting = [m for m in mentions if _number_fits(head, m, key)]
    strays = [
        m
        for m in mentions
        if m not in fitting and not (m.end - m.start == 1 and head[m.start] in HARMLESS_NUMBER_WORDS)
    ]
    negated = any(_negated(head, m.start) for m in fitting)
    return bool(fitting) and not strays and not negated


def _right(key: ShortKey, head: list[str], notes: list[str]) -> bool:
    everything = head + notes
    if (
        _names_rejected(head, key)
        or any(tuple(everything) == phrase for phrase in key.rejected)
        or _hedges(everything, key)
    ):
        return False
    if any(tuple(head) == phrase for phrase in key.accepted):
        return True
    answer = _accepted_span(head, key)
    if answer is None and key.numbers:
        return _numeric_verdict(head, key)
    if answer is None:
        if head and any(_named(head, rival) for rival in key.rivals):
            return False
        return (
            _accepted_span(notes, key) is not None
            and not _names_rival(notes, key, None)
            and not _names_content(head)
        )
    if _names_rival(head, key, answer):
        return False
    return not (key.numbers and numbers_in(head) and not _numeric_verdict(head, key))


def _names_rejected(said: list[str], key: ShortKey) -> bool:
    """A rejected answer named as the answer: not in contrast (`recall rather than precision`)
    and not as part of an accepted one (`rms layer norm` holds the rejected `layernorm`)."""
    accepted = [span for phrase in key.accepted for span in _named(said, phrase)]
    return any(
        not any(w in CONTRASTIVE for w in said[max(0, start - 3) : start])
        and not any(a <= start and end <= b for a, b in accepted)
        for phrase in key.rejected
        for start, end in _named(said, phrase)
    )


def _names_content(head: list[str]) -> bool:
    return any(word not in FRAMING for word in head)


def grade_short(question: ShortQuestion, response: str) -> Grade:
    key = short_key(question)
    parts = _ALIAS.split(response)
    right = any(_right(key, *_split_note(part, numeric=bool(key.numbers))) for part in parts)
    return Grade(Verdict.CORRECT if right else Verdict.WRONG, chosen=response)
