"""Multiple choice: which option a response names, by letter, text or number."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.grading.memo import per_question
from bot.grading.numbers import Number, equal, numbers_in, parse_number
from bot.grading.result import Grade, NotAnAnswer, Verdict
from bot.grading.text import same_word, words
from bot.models import LETTERS, ChoiceQuestion

_LEAD_IN = re.compile(
    r"^(?:(?:i\s+think|i\s+guess|i'd\s+say|i\s+would\s+say|i\s+(?:choose|pick|go\s+with)|"
    r"(?:my|the|final)\s+answer(?:\s+is)?|answer|option|choice|letter|it'?s|it\s+is)\s*[:=-]?\s*)+")
_LETTER = re.compile(r"^[(\[]?\s*([a-z])\s*(?:[)\].:]|(?=\s|$))\s*[-:]?\s*(.*)$", re.DOTALL)
_FILLER = frozenset({"a", "an", "the", "is", "it", "its", "s", "i", "think", "option", "answer",
                     "of", "and", "or", "to", "in", "on", "for", "with", "by", "that", "this"})


@per_question
def _option_words(question: ChoiceQuestion) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words(option)) for option in question.options)


@per_question
def _option_numbers(question: ChoiceQuestion) -> tuple[Number | None, ...]:
    return tuple(_leading_number(list(option)) for option in _option_words(question))


def _leading_number(option: list[str]) -> Number | None:
    """The number an option is about: `1,792`, `70%`, `4 rows`."""
    whole = parse_number(option)
    if whole is not None:
        return whole
    mentions = numbers_in(option)
    if len(mentions) == 1 and mentions[0].start == 0 and len(option) - mentions[0].end <= 1:
        return mentions[0]
    return None


def _same_text(given: list[str], option: tuple[str, ...]) -> bool:
    if not given or len(given) != len(option):
        return False
    return all(same_word(got, want) for got, want in zip(given, option, strict=True))


def _by_letter(question: ChoiceQuestion, response: str) -> str | None:
    text = _LEAD_IN.sub("", response.strip().casefold()).strip()
    found = _LETTER.match(text)
    if not found:
        return None
    letter, rest = found.group(1).upper(), found.group(2).strip(" .!)")
    if letter not in LETTERS[: len(question.options)]:
        return None
    if rest and _by_text(question, rest) != letter:
        return None
    return letter


def _by_text(question: ChoiceQuestion, response: str) -> str | None:
    given = words(response)
    if not given:
        return None
    letters = LETTERS[: len(question.options)]
    options = _option_words(question)
    exact = [letter for letter, option in zip(letters, options, strict=False)
             if _same_text(given, option)]
    if len(exact) == 1:
        return exact[0]
    joined = " ".join(given)
    scores = [fuzz.ratio(joined, " ".join(option)) for option in options]
    best = max(scores)
    if best >= 90 and len(joined) >= 12 and scores.count(best) == 1:
        return letters[scores.index(best)]
    return _by_distinctive_words(given, options, letters)


def _by_distinctive_words(given: list[str], options: tuple[tuple[str, ...], ...],
                          letters: str) -> str | None:
    content = [word for word in given if word not in _FILLER]
    if not content:
        return None
    holders = [letter for letter, option in zip(letters, options, strict=False)
               if all(any(same_word(word, have) for have in option) for word in content)]
    if len(holders) != 1:
        return None
    others = [option for letter, option in zip(letters, options, strict=False)
              if letter != holders[0]]
    distinctive = any(not any(same_word(word, have) for option in others for have in option)
                      for word in content)
    return holders[0] if distinctive else None


def _by_number(question: ChoiceQuestion, response: str) -> str | None:
    given = parse_number(words(response))
    if given is None:
        return None
    letters = LETTERS[: len(question.options)]
    numbers = _option_numbers(question)
    hits = [letter for letter, number in zip(letters, numbers, strict=False)
            if number is not None and equal(given, number, percent_ok=True)]
    if len(hits) == 1:
        return hits[0]
    if not any(numbers) and given.value.is_integer() and 1 <= given.value <= len(letters) \
            and not given.percent:
        return letters[int(given.value) - 1]
    return None


def choice_letter(question: ChoiceQuestion, response: str) -> str | None:
    """The option a response names: its letter (`b`, `(B)`, `option B`), its text or its number."""
    for reader in (_by_letter, _by_text, _by_number):
        letter = reader(question, response)
        if letter is not None:
            return letter
    return None


def reprompt(question: ChoiceQuestion) -> NotAnAnswer:
    letters = LETTERS[: len(question.options)]
    listed = ", ".join(letters[:-1]) + f" or {letters[-1]}"
    return NotAnAnswer(f"I couldn't tell which option you meant. Answer with one letter, {listed}, "
                       "or type the option's text.")


def grade_choice(question: ChoiceQuestion, response: str) -> Grade | NotAnAnswer:
    letter = choice_letter(question, response)
    if letter is None:
        return reprompt(question)
    return Grade(Verdict.CORRECT if letter == question.answer else Verdict.WRONG, chosen=letter)
