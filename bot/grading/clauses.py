"""An answer as sentences and clauses: which are statements, and where a claim is negated."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.grading.rivals import NEGATORS
from bot.grading.text import words

_SENTENCE_END = re.compile(r"(?<!\d)[.!?;]+(?!\d)|\n+|\s[•·]\s")
_CLAUSE_BREAK = re.compile(
    r",|:|[()]|\s[—–-]\s|\b(?:but|while|whereas|although|though|because|so that|so|which|then|"
    r"instead|however|otherwise|unless)\b",
    re.IGNORECASE,
)
_SEGMENT_BREAK = re.compile(r"[,:/]|\band\b|\bor\b", re.IGNORECASE)
STATEMENT_WORDS = frozenset(
    {
        "i",
        "we",
        "you",
        "it",
        "they",
        "he",
        "she",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "need",
        "needs",
        "to",
        "by",
        "with",
        "from",
        "into",
        "than",
        "because",
        "so",
        "if",
        "when",
        "while",
        "since",
        "then",
        "after",
        "before",
        "until",
        "unless",
        "whether",
        "where",
        "how",
        "why",
        "instead",
        "rather",
        "let",
        "lets",
        "makes",
        "gives",
        "means",
        "helps",
        "keeps",
        "uses",
        "isn",
        "aren",
        "don",
        "doesn",
        "didn",
        "won",
        "cannot",
        "my",
        "our",
        "your",
        "its",
        "their",
        "me",
        "us",
        "them",
        "of",
        "for",
        "in",
        "on",
        "at",
        "over",
        "as",
        "per",
        "via",
        "about",
        "through",
        "across",
        "between",
        "against",
        "within",
        "without",
        "under",
        "once",
    }
)
VERBAL_NEGATORS = frozenset(
    {
        "not",
        "never",
        "t",
        "nt",
        "cannot",
        "isn",
        "aren",
        "doesn",
        "don",
        "didn",
        "won",
        "shouldn",
        "wasn",
        "weren",
        "hardly",
    }
)
_CONDITIONAL_OPENERS = frozenset({"if", "without", "unless", "when", "otherwise", "whether"})
_DISMISSALS = frozenset(
    {
        "unnecessary",
        "irrelevant",
        "pointless",
        "useless",
        "overrated",
        "overkill",
        "needless",
        "optional",
        "redundant",
        "unimportant",
        "unneeded",
        "waste",
        "fine",
        "ignored",
    }
)
_LEADING_DISMISSALS = frozenset({"skip", "skipping", "ignore", "ignoring", "forget", "drop"})


@dataclass(frozen=True)
class Sentence:
    text: str
    words: tuple[str, ...]
    clause_of: tuple[int, ...]
    statement: bool


def _is_statement(sentence: str, folded: list[str]) -> bool:
    """A claim in words, not a run of bare terms separated by commas."""
    segments = [segment for segment in (words(part) for part in _SEGMENT_BREAK.split(sentence)) if segment]
    bare = sum(1 for segment in segments if len(segment) <= 3 and not STATEMENT_WORDS.intersection(segment))
    lead = segments[0] if segments else []
    introduced = len(lead) >= 6 and bool(STATEMENT_WORDS.intersection(lead))
    if len(segments) >= 3 and bare >= 0.7 * len(segments) and not introduced:
        return False
    return len(folded) >= 4 and (
        bool(STATEMENT_WORDS.intersection(folded)) or any(len(segment) >= 5 for segment in segments)
    )


def split_sentences(answer: str) -> list[Sentence]:
    sentences = []
    for raw in _SENTENCE_END.split(answer):
        text = " ".join(raw.split())
        folded: list[str] = []
        clause_of: list[int] = []
        for clause, part in enumerate(_CLAUSE_BREAK.split(text)):
            part_words = words(part)
            folded += part_words
            clause_of += [clause] * len(part_words)
        if folded:
            sentences.append(
                Sentence(text, tuple(folded), tuple(clause_of), _is_statement(text, words(text)))
            )
    return sentences


def negated(sentence: Sentence, start: int, end: int) -> bool:
    """Whether the claim at words[start:end] is denied within its own clause."""
    clause = sentence.clause_of[start]
    said = sentence.words

    def same_clause(index: int) -> bool:
        return 0 <= index < len(said) and sentence.clause_of[index] == clause

    opener = next(i for i in range(start, -1, -1) if i == 0 or not same_clause(i - 1))
    if said[opener] in _CONDITIONAL_OPENERS:
        return False
    before = [said[i] for i in range(opener, start)]
    after = [said[i] for i in range(end, end + 5) if same_clause(i)]
    if NEGATORS.intersection(before) or _LEADING_DISMISSALS.intersection(before[-2:]):
        return True
    return bool(_DISMISSALS.intersection(after) or VERBAL_NEGATORS.intersection(after[:4]))
