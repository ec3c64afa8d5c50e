"""Numbers in answers: digits, separators, fractions, percentages, number words and ordinals."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_DECIMAL = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[-+]?\d+)?$")
_FRACTION = re.compile(r"^([-+]?\d+)/(\d+)$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_MULTIPLE = re.compile(r"^(?:x(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)(?:x|-?fold|-?times))$")
_SQUARE = re.compile(r"^(\d+)x(\d+)$")

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
MULTIPLIER_WORDS = {
    "twice": 2,
    "double": 2,
    "doubles": 2,
    "doubled": 2,
    "triple": 3,
    "triples": 3,
    "tripled": 3,
    "thrice": 3,
    "quadruple": 4,
    "quadruples": 4,
    "quadrupled": 4,
}
FRACTION_WORDS = {"half": 0.5, "quarter": 0.25}
PART_WORDS = {
    "half": 0.5,
    "halves": 0.5,
    "quarter": 0.25,
    "quarters": 0.25,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "fifth": 0.2,
    "fifths": 0.2,
    "tenth": 0.1,
    "tenths": 0.1,
}
PERCENT_WORDS = ("percent", "per cent", "pct")


@dataclass(frozen=True)
class Number:
    """A number mentioned at words[start:end]; percentages are already divided by 100."""

    value: float
    start: int = 0
    end: int = 0
    percent: bool = False


def _plain_value(word: str) -> float | None:
    body = word[:-1] if word.endswith("%") else word
    if not body or not any(char.isdigit() for char in body):
        return None
    fraction = _FRACTION.match(body)
    if fraction:
        denominator = int(fraction.group(2))
        return int(fraction.group(1)) / denominator if denominator else None
    if _DECIMAL.match(body):
        try:
            value = float(body.replace(",", ""))
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    return None


def _word_value(word: str) -> float | None:
    for table in (UNITS, TENS, ORDINAL_WORDS, MULTIPLIER_WORDS):
        if word in table:
            return float(table[word])
    if word.endswith("fold"):
        stem = word.removesuffix("fold").rstrip("-")
        return _word_value(stem) if stem in UNITS or stem in TENS else _plain_value(stem)
    if "-" in word:
        head, _, tail = word.partition("-")
        if head in TENS and tail in UNITS:
            return float(TENS[head] + UNITS[tail])
    return None


def _single(word: str) -> Number | None:
    """A number written in one word: `1,792`, `.5`, `1/2`, `50%`, `4th`, `4x`, `fourfold`."""
    value = _plain_value(word)
    if value is not None:
        return Number(value / 100 if word.endswith("%") else value, percent=word.endswith("%"))
    for pattern in (_ORDINAL, _MULTIPLE):
        found = pattern.match(word)
        if found:
            digits = next(group for group in found.groups() if group)
            return Number(float(digits))
    value = _word_value(word)
    return None if value is None else Number(value)


def _spelled(words: list[str], start: int) -> tuple[float, int] | None:
    """A spelled-out number such as `one hundred and twenty`, returning its value and end."""
    total, current, index, seen = 0.0, 0.0, start, False
    while index < len(words):
        word = words[index]
        if word in UNITS and index + 1 < len(words) and words[index + 1] in PART_WORDS:
            break
        if word in UNITS or word in TENS or ("-" in word and _word_value(word) is not None):
            current += UNITS.get(word, TENS.get(word, 0)) or (_word_value(word) or 0)
        elif word in SCALES and seen:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif (
            word == "and"
            and seen
            and index + 1 < len(words)
            and (words[index + 1] in UNITS or words[index + 1] in TENS)
        ):
            pass
        else:
            break
        seen = True
        index += 1
    return (total + current, index) if seen and index - start > 1 else None


def numbers_in(words: list[str]) -> list[Number]:
    """Every number mentioned in a list of folded words, in order."""
    found: list[Number] = []
    index = 0
    while index < len(words):
        word = words[index]
        square = _SQUARE.match(word)
        spelled = _spelled(words, index)
        if square:
            found += [Number(float(square.group(n)), index, index + 1) for n in (1, 2)]
            index += 1
            continue
        if spelled:
            found.append(Number(spelled[0], index, spelled[1]))
            index = spelled[1]
            continue
        if word in FRACTION_WORDS:
            found.append(Number(FRACTION_WORDS[word], index, index + 1))
            index += 1
            continue
        if word in UNITS and index + 1 < len(words) and words[index + 1] in PART_WORDS:
            found.append(Number(UNITS[word] * PART_WORDS[words[index + 1]], index, index + 2))
            index += 2
            continue
        single = _single(word)
        if single is None:
            index += 1
            continue
        end = index + 1
        rest = " ".join(words[end : end + 2])
        percent = single.percent
        for suffix in PERCENT_WORDS:
            if not percent and (rest == suffix or rest.startswith(suffix + " ")):
                percent, end = True, end + len(suffix.split())
        value = single.value / 100 if percent and not single.percent else single.value
        found.append(Number(value, index, end, percent))
        index = end
    return found


def parse_number(text_words: list[str]) -> Number | None:
    """The number `text_words` consist of entirely, if they are one number (articles aside)."""
    content = [w for w in text_words if w not in {"a", "an", "the", "times"}] or text_words
    mentions = numbers_in(content)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(content):
        return mentions[0]
    return None


def equal(given: Number, wanted: Number, *, tolerance: float = 0.0, percent_ok: bool = False) -> bool:
    """Whether a mentioned number equals the expected one, under the question's percent rule."""
    slack = max(tolerance, 1e-9 * max(1.0, abs(wanted.value)))
    if given.percent and not wanted.percent and not percent_ok:
        return False
    if abs(given.value - wanted.value) <= slack:
        return True
    return wanted.percent and not given.percent and abs(given.value - wanted.value * 100) <= slack * 100
