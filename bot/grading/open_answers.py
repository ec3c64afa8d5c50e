"""Open interview answers: rubric points made in statements, missed, or contradicted."""

from __future__ import annotations

import math

from bot.grading.clauses import Sentence, negated, split_sentences
from bot.grading.phrasing import Alternative, CompiledPoint, Phrasing, compiled_rubric
from bot.grading.result import Grade, PointEvidence, PointStatus, Verdict
from bot.grading.rivals import NEGATORS
from bot.grading.text import compact, same_word
from bot.models import OpenQuestion

CORRECT_SHARE = 0.6
STATEMENT_SHARE = 0.5
QUOTE_CHARS = 300
LIST_NOTE = (
    "Interviewers expect explanations: say what you would do and why in full sentences, not a list of terms."
)
CONTRADICTION_NOTE = (
    "Some key points were denied in your answer (for example 'no need for' or "
    "'doesn't matter'), so they earn no credit."
)


class _WordIndex:
    """Where each rubric word occurs in the answer's statements, computed once per word."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.places: dict[str, list[tuple[int, int]]] = {}
        for number, sentence in enumerate(sentences):
            for position, word in enumerate(sentence.words):
                self.places.setdefault(word, []).append((number, position))
        # Every match (exact, inflected or a small typo) shares its first two letters, hyphens aside.
        self.by_opening: dict[str, list[str]] = {}
        for word in self.places:
            self.by_opening.setdefault(compact(word)[:2], []).append(word)
        self.cache: dict[str, dict[int, set[int]]] = {}

    def hits(self, want: str) -> dict[int, set[int]]:
        if want not in self.cache:
            found: dict[int, set[int]] = {}
            for got in self.by_opening.get(compact(want)[:2], ()):
                if same_word(got, want, inflections=True):
                    for number, position in self.places[got]:
                        found.setdefault(number, set()).add(position)
            self.cache[want] = found
        return self.cache[want]

    def find(self, alternative: Alternative, number: int) -> tuple[int, int] | None:
        first, *rest = alternative.words
        for start in sorted(self.hits(first).get(number, ())):
            if all(start + offset + 1 in self.hits(word).get(number, ()) for offset, word in enumerate(rest)):
                return start, start + len(alternative.words)
        return None

    def candidates(self, phrasing: Phrasing) -> list[int]:
        """Statements holding a first word of every term: the only places the phrasing can match."""
        shared: set[int] | None = None
        for term in phrasing.terms:
            holding = {n for alt in term for n in self.hits(alt.words[0])}
            shared = holding if shared is None else shared & holding
            if not shared:
                return []
        return sorted(shared or ())


def _phrasing_status(phrasing: Phrasing, index: _WordIndex, number: int) -> PointStatus:
    spans: list[tuple[int, int]] = []
    specific = False
    warning = any(NEGATORS.intersection(alt.words) for term in phrasing.terms for alt in term)
    for term in phrasing.terms:
        found = next(((alt, span) for alt in term if (span := index.find(alt, number)) is not None), None)
        if found is None:
            return PointStatus.MISSED
        specific = specific or not found[0].generic
        spans.append(found[1])
    if not specific:
        return PointStatus.MISSED
    sentence = index.sentences[number]
    # A phrasing that may say `never` or `not` asks for a warning; a negation there is no denial.
    if not warning and any(negated(sentence, start, end) for start, end in spans):
        return PointStatus.CONTRADICTED
    return PointStatus.MADE


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _judge_point(point: CompiledPoint, index: _WordIndex) -> PointEvidence:
    contradiction = ""
    made: list[int] = []
    for phrasing in point.phrasings:
        for number in index.candidates(phrasing):
            status = _phrasing_status(phrasing, index, number)
            if status == PointStatus.MADE:
                made.append(number)
                break
            if status == PointStatus.CONTRADICTED and not contradiction:
                contradiction = index.sentences[number].text
    if made:
        return PointEvidence(point.point, PointStatus.MADE, _quote(index.sentences[min(made)].text))
    if contradiction:
        return PointEvidence(point.point, PointStatus.CONTRADICTED, _quote(contradiction))
    return PointEvidence(point.point, PointStatus.MISSED)


def _mostly_list(sentences: list[Sentence]) -> bool:
    total = sum(len(s.words) for s in sentences)
    stated = sum(len(s.words) for s in sentences if s.statement)
    return total > 0 and stated < STATEMENT_SHARE * total


def open_verdict(made: int, contradicted: int, points: int) -> Verdict:
    if contradicted and made <= contradicted:
        return Verdict.WRONG
    if made >= math.ceil(points * CORRECT_SHARE) and not contradicted:
        return Verdict.CORRECT
    return Verdict.PARTIAL if made else Verdict.WRONG


def grade_open(question: OpenQuestion, response: str) -> Grade:
    rubric = compiled_rubric(question)
    sentences = split_sentences(response)
    if _mostly_list(sentences):
        evidence = tuple(PointEvidence(p.point, PointStatus.MISSED) for p in rubric)
        return Grade(
            Verdict.WRONG,
            (),
            tuple(p.point for p in rubric),
            chosen=response,
            evidence=evidence,
            notes=(LIST_NOTE,),
        )
    index = _WordIndex([s for s in sentences if s.statement])
    evidence = tuple(_judge_point(point, index) for point in rubric)

    def having(status: PointStatus) -> tuple[str, ...]:
        return tuple(e.point for e in evidence if e.status == status)

    made, contradicted = having(PointStatus.MADE), having(PointStatus.CONTRADICTED)
    notes = (CONTRADICTION_NOTE,) if contradicted else ()
    return Grade(
        open_verdict(len(made), len(contradicted), len(rubric)),
        made,
        having(PointStatus.MISSED),
        chosen=response,
        points_contradicted=contradicted,
        evidence=evidence,
        notes=notes,
    )
