"""Multiple choice: which option a response names, by letter, text or number."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from bot.grading.memo import per_question
from bot.grading.numbers import Number, equal, numbers_in, parse_number
from bot.grading.result import Grade, NotAnAnswer, Verdict
from bot.grading.text import compact, same_word, words
from bot.models import LETTERS, ChoiceQuestion

_LEAD_IN = re.compile(
    r"^(?:(?:i\s+think|i\s+guess|i'd\s+say|i\s+would\s+say|i\s+(?:choose|pick|go\s+with)|"
    r"i'?d\s+(?:choose|pick|go\s+with)|i\s+would\s+(?:choose|pick|go\s+with)|"
    r"(?:my|the|final)\s+answer(?:\s+is)?|answer|option|choice|letter|it'?s|it\s+is)\s*[:=-]?\s*)+"
)
_LETTER = re.compile(
    r"^(?:[(\[]\s*([a-z])\s*[)\]]|([a-z])\s*(?:[).:,;]|(?=\s|$)))\s*[-–—:]?\s*(.*)$", re.DOTALL
)
_TRAILING_LETTER = re.compile(
    r"(?:[,;:]\s*|\bso\s+|\b(?:option|answer|choice|letter)\s+)\(?([a-e])\)?\s*[.!]?\s*$"
)
_OTHER_LETTER = re.compile(r"\b(?:or|and|maybe|vs|versus|not)\s+\(?([a-e])\)?(?:\W|$)")
_TRAILING_NAME = re.compile(r"\(([^()]+)\)\s*\.?$")
_HEAD_END = re.compile(r"[,:;(]|\s[—–-]\s")
_SPELLED_OUT = {
    "ap": "average precision",
    "auc": "area under the curve",
    "lr": "learning rate",
    "sgd": "stochastic gradient descent",
    "nn": "neural network",
    "cv": "cross validation",
    "mse": "mean squared error",
    "mae": "mean absolute error",
    "kl": "kullback leibler",
}
_APPROXIMATELY = frozenset({"about", "around", "approximately", "roughly", "circa", "approx"})


@per_question
def _option_words(question: ChoiceQuestion) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words(option)) for option in question.options)


@per_question
def _option_heads(question: ChoiceQuestion) -> tuple[tuple[str, ...], ...]:
    """Each option's leading phrase, before its first comma, colon or bracket: `High-risk`."""
    return tuple(tuple(words(_HEAD_END.split(option, maxsplit=1)[0])) for option in question.options)


@per_question
def _option_aliases(question: ChoiceQuestion) -> tuple[tuple[str, ...], ...]:
    """The name an option gives itself in a closing bracket: `... (measurement bias)`."""
    return tuple(
        tuple(words(found.group(1))) if (found := _TRAILING_NAME.search(option)) else ()
        for option in question.options
    )


@per_question
def _option_numbers(question: ChoiceQuestion) -> tuple[Number | None, ...]:
    return tuple(
        _leading_number(list(option)) or _leading_number(list(head))
        for option, head in zip(_option_words(question), _option_heads(question), strict=True)
    )


def _leading_number(text: list[str]) -> Number | None:
    """The number a short text is about: `1,792`, `About 70%`, `4 rows`, `500 updates`."""
    text = [word for word in text if word not in _APPROXIMATELY]
    whole = parse_number(text)
    if whole is not None:
        return whole
    mentions = numbers_in(text)
    if len(mentions) == 1 and mentions[0].start == 0 and len(text) - mentions[0].end <= 2:
        return mentions[0]
    return None


def _same_text(given: list[str], option: tuple[str, ...]) -> bool:
    if given and compact("".join(given)) == compact("".join(option)):
        return True
    if not given or len(given) != len(option):
        return False
    return all(same_word(got, want) for got, want in zip(given, option, strict=True))


def _by_letter(question: ChoiceQuestion, response: str) -> str | None:
    text = _LEAD_IN.sub("", response.strip().casefold()).strip()
    found = _LETTER.match(text)
    if not found:
        return None
    letter, rest = (found.group(1) or found.group(2)).upper(), found.group(3).strip(" .!)")
    if letter not in LETTERS[: len(question.options)]:
        return None
    return letter if _comment_agrees(question, letter, rest) else None


def _by_bare_letter(question: ChoiceQuestion, response: str) -> str | None:
    """A letter on its own (`d`, `(B)`, `option C`) before any reading of option texts, where
    an option may itself start with a letter (`d, the number of differences`)."""
    text = _LEAD_IN.sub("", response.strip().casefold()).strip()
    found = _LETTER.match(text)
    if not found or found.group(3).strip(" .!)"):
        return None
    letter = (found.group(1) or found.group(2)).upper()
    return letter if letter in LETTERS[: len(question.options)] else None


def _comment_agrees(question: ChoiceQuestion, letter: str, comment: str) -> bool:
    """A comment beside a letter may explain it, but must not name another option too."""
    if not comment:
        return True
    if _OTHER_LETTER.search(comment.casefold()):
        return False
    named = _by_text(question, comment)
    return named is None or named == letter


def _by_trailing_letter(question: ChoiceQuestion, response: str) -> str | None:
    """A letter closing a worked answer: `... which is about 15.7, so A`, `..., option B`."""
    text = response.strip().casefold()
    found = _TRAILING_LETTER.search(text)
    if not found:
        return None
    letter = found.group(1).upper()
    if letter not in LETTERS[: len(question.options)]:
        return None
    return letter if _comment_agrees(question, letter, text[: found.start()]) else None


def _by_text(question: ChoiceQuestion, response: str) -> str | None:
    given = words(response)
    if not given:
        return None
    letters = LETTERS[: len(question.options)]
    options = _option_words(question)
    exact = [letter for letter, option in zip(letters, options, strict=False) if _same_text(given, option)]
    if len(exact) == 1:
        return exact[0]
    joined = " ".join(given)
    scores = [fuzz.ratio(joined, " ".join(option)) for option in options]
    best = max(scores)
    if best >= 90 and len(joined) >= 12 and scores.count(best) == 1:
        return letters[scores.index(best)]
    if len(given) >= 3:
        spelled = _spelled_out(given)
        overlap = sorted(
            (
                (fuzz.token_set_ratio(spelled, _spelled_out(option)), letter)
                for letter, option in zip(letters, options, strict=False)
            ),
            reverse=True,
        )
        best, runner_up = overlap[0][0], overlap[1][0]
        if best - runner_up >= (20 if best < 85 else 15) and best >= 70:
            return overlap[0][1]
    for names in (_option_heads(question), _option_aliases(question)):
        named = [
            letter for letter, name in zip(letters, names, strict=False) if name and _same_text(given, name)
        ]
        if len(named) == 1:
            return named[0]
    return None


def _spelled_out(text: Sequence[str]) -> str:
    """Common abbreviations written out, so `per-class AP` meets `average precision per class`."""
    return " ".join(_SPELLED_OUT.get(word, word) for word in text)


def _by_number(question: ChoiceQuestion, response: str) -> str | None:
    given = _leading_number(words(response))
    if given is None:
        return None
    letters = LETTERS[: len(question.options)]
    numbers = _option_numbers(question)
    hits = [
        letter
        for letter, number in zip(letters, numbers, strict=False)
        if number is not None and equal(given, number, percent_ok=True)
    ]
    if len(hits) == 1:
        return hits[0]
    if (
        not any(numbers)
        and given.value.is_integer()
        and 1 <= given.value <= len(letters)
        and not given.percent
    ):
        return letters[int(given.value) - 1]
    return None


def choice_letter(question: ChoiceQuestion, response: str) -> str | None:
    """The option a response names: its letter (`b`, `(B)`, `option B`), its text or its number."""
    for reader in (_by_bare_letter, _by_text, _by_letter, _by_trailing_letter, _by_number):
        letter = reader(question, response)
        if letter is not None:
            return letter
    return None


def reprompt(question: ChoiceQuestion) -> NotAnAnswer:
    letters = LETTERS[: len(question.options)]
    listed = ", ".join(letters[:-1]) + f" or {letters[-1]}"
    return NotAnAnswer(
        f"I couldn't tell which option you meant. Answer with one letter, {listed}, "
        "or type the option's text."
    )


def grade_choice(question: ChoiceQuestion, response: str) -> Grade | NotAnAnswer:
    letter = choice_letter(question, response)
    if letter is None:
        return reprompt(question)
    return Grade(Verdict.CORRECT if letter == question.answer else Verdict.WRONG, chosen=letter)
