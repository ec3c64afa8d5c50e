"""Rival answers: terms that name a different answer than the accepted one, and the words around them."""

from __future__ import annotations

import itertools
import re

from bot.grading.text import find_phrase, words

NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "cannot",
        "t",
        "nt",
        "without",
        "isn",
        "aren",
        "wasn",
        "weren",
        "don",
        "doesn",
        "didn",
        "hardly",
        "nothing",
        "none",
        "nobody",
        "despite",
        "won",
        "shouldn",
        "needn",
    }
)
CONTRASTIVE = NEGATORS | frozenset(
    {
        "than",
        "rather",
        "instead",
        "unlike",
        "vs",
        "versus",
        "over",
        "opposed",
        "confuse",
        "confused",
        "confusing",
        "mistake",
    }
)

SIBLING_GROUPS: tuple[tuple[str, ...], ...] = (
    ("precision", "recall"),
    ("sensitivity", "specificity"),
    ("false positive", "false negative", "true positive", "true negative"),
    ("type i error", "type ii error"),
    ("l1", "l2"),
    ("lasso", "ridge"),
    ("generator", "discriminator"),
    ("encoder", "decoder"),
    ("overfitting", "underfitting"),
    ("bias", "variance"),
    ("bagging", "boosting"),
    ("skip-gram", "cbow"),
    ("supervised", "unsupervised"),
    ("classification", "regression", "clustering"),
    ("mean", "median"),
    ("mcar", "mnar"),
    ("batch normalization", "layer normalization"),
    ("batchnorm", "layernorm"),
    ("generative", "discriminative"),
    ("row", "column"),
    ("inner join", "left join", "right join", "outer join"),
    ("stratified sampling", "cluster sampling", "systematic sampling"),
    ("canary", "shadow", "blue-green"),
    ("filter", "wrapper", "embedded"),
)
_GROUP_WORDS = tuple(tuple(tuple(words(term)) for term in group) for group in SIBLING_GROUPS)
_SENTENCE_BREAK = re.compile(r"[.:;?!()\[\]]")


def _matches_any(phrase: tuple[str, ...], accepted: tuple[tuple[str, ...], ...]) -> bool:
    return any(phrase == answer for answer in accepted)


def _alternatives(prompt: str) -> list[tuple[list[list[str]], list[str]]]:
    """Each "A, B or C" in the prompt: the words before `or` split at commas, and the words after."""
    found = []
    for sentence in _SENTENCE_BREAK.split(prompt):
        parts = re.split(r"\s+or\s+", sentence, flags=re.IGNORECASE)
        for left, right in itertools.pairwise(parts):
            before = [words(item) for item in left.split(",") if words(item)]
            after = words(right.split(",")[0])
            if before and after:
                found.append((before, after))
    return found


def rivals_named_in_prompt(prompt: str, accepted: tuple[tuple[str, ...], ...]) -> set[tuple[str, ...]]:
    """Alternatives the prompt offers ("precision or recall?") other than the accepted answer."""
    rivals: set[tuple[str, ...]] = set()
    for before, after in _alternatives(prompt):
        for size in (1, 2, 3):
            items = [tuple(item[-size:]) for item in before[-3:]] + [tuple(after[:size])]
            hits = [item for item in items if _matches_any(item, accepted)]
            if hits:
                rivals |= {item for item in items if item not in hits}
    return rivals


def sibling_terms(accepted: tuple[tuple[str, ...], ...]) -> set[tuple[str, ...]]:
    """Well-known opposites of the accepted answer: recall for precision, L2 for L1, ..."""
    rivals: set[tuple[str, ...]] = set()
    for group in _GROUP_WORDS:
        named = [
            term
            for term in group
            if any(
                term == answer or (len(answer) > len(term) and find_phrase(answer, term))
                for answer in accepted
            )
        ]
        if named:
            rivals |= {term for term in group if term not in named}
    return rivals
