"""Open interview answers: rubric points made in statements, missed, or contradicted."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.grading.clauses import Sentence, negated, split_sentences
from bot.grading.phrasing import Alternative, CompiledPoint, Phrasing, compiled_rubric
from bot.grading.result import Grade, PointEvidence, PointStatus, Verdict
from bot.grading.text import same_word
from bot.models import OpenQuestion

CORRECT_SHARE = 0.6
STATEMENT_SHARE = 0.5
QUOTE_CHARS = 300
LIST_NOTE = ("Interviewers expect explanations: say what you would do and why in full sentences, "
             "not a list of terms.")
CONTRADICTION_NOTE = ("Some key points were denied in your answer (for example 'no need for' or "
                      "'doesn't matter'), so they earn no credit.")


@dataclass
class _Matcher:
    """Where each rubric word occurs in one sentence, computed once per word."""

    sentence: Sentence
    cache: dict[str, tuple[int, ...]]

    def positions(self, want: str) -> tuple[int, ...]:
        if want not in self.cache:
            self.cache[want] = tuple(
                index for index, got in enumerate(self.sentence.words)
                if got[:1] == want[:1] and same_word(got, want, inflections=True))
        return self.cache[want]

    def find(self, alternative: Alternative) -> tuple[int, int] | None:
        first, *rest = alternative.words
        for start in self.positions(first):
            if all(start + offset + 1 in self.positions(word) for offset, word in enumerate(rest)):
                return start, start + len(alternative.words)
        return None


def _phrasing_status(phrasing: Phrasing, matcher: _Matcher) -> PointStatus:
    spans: list[tuple[int, int]] = []
    specific = False
    for term in phrasing.terms:
        found = next(((alt, span) for alt in term if (span := matcher.find(alt)) is not None), None)
        if found is None:
            return PointStatus.MISSED
        specific = specific or not found[0].generic
        spans.append(found[1])
    if not specific:
        return PointStatus.MISSED
    if any(negated(matcher.sentence, start, end) for start, end in spans):
        return PointStatus.CONTRADICTED
    return PointStatus.MADE


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _judge_point(point: CompiledPoint, matchers: list[_Matcher]) -> PointEvidence:
    contradiction = ""
    for matcher in matchers:
        for phrasing in point.phrasings:
            status = _phrasing_status(phrasing, matcher)
            if status == PointStatus.MADE:
                return PointEvidence(point.point, status, _quote(matcher.sentence.text))
            if status == PointStatus.CONTRADICTED and not contradiction:
                contradiction = matcher.sentence.text
    if contradiction:
        return PointEvidence(point.point, PointStatus.CONTRADICTED, _quote(contradiction))
    return PointEvidence(point.point, PointStatus.MISSED)


def _mostly_list(sentences: list[Sentence]) -> bool:
    total = sum(len(s.words) for s in sentences)
    stated = sum(len(s.words) for s in sentences if s.statement)
    return total > 0 and stated < STATEMENT_SHARE * total


def _verdict(made: int, contradicted: int, points: int) -> Verdict:
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
        return Grade(Verdict.WRONG, (), tuple(p.point for p in rubric), chosen=response,
                     evidence=evidence, notes=(LIST_NOTE,))
    matchers = [_Matcher(s, {}) for s in sentences if s.statement]
    evidence = tuple(_judge_point(point, matchers) for point in rubric)

    def having(status: PointStatus) -> tuple[str, ...]:
        return tuple(e.point for e in evidence if e.status == status)

    made, contradicted = having(PointStatus.MADE), having(PointStatus.CONTRADICTED)
    notes = (CONTRADICTION_NOTE,) if contradicted else ()
    return Grade(_verdict(len(made), len(contradicted), len(rubric)), made,
                 having(PointStatus.MISSED), chosen=response, points_contradicted=contradicted,
                 evidence=evidence, notes=notes)
