"""Pure grading: a member's response to a question becomes a `Grade`."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz.distance import Levenshtein

from bot.models import LETTERS, ChoiceQuestion, OpenQuestion, Question, ShortQuestion

MAX_ANSWER_CHARS = 4000
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?%?$")
_ARTICLES = {"a", "an", "the"}


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"


@dataclass(frozen=True)
class Grade:
    verdict: Verdict
    points_hit: tuple[str, ...] = field(default=())
    points_missed: tuple[str, ...] = field(default=())
    chosen: str = ""

    @property
    def correct(self) -> bool:
        return self.verdict == Verdict.CORRECT


def normalise(text: str, *, drop_articles: bool = True) -> str:
    """Fold case, accents, punctuation and spacing so equivalent answers compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":
            continue
        if category[0] in "LN" or char in ".+-%":
            kept.append(char.casefold())
        else:
            kept.append(" ")
    cleaned = [w for w in (_trim_word(word) for word in "".join(kept).split()) if w]
    if not drop_articles:
        return " ".join(cleaned)
    content = [w for w in cleaned if w not in _ARTICLES] or cleaned
    return " ".join(content)


def _trim_word(word: str) -> str:
    """Drop sentence punctuation around a word, keeping signs and decimal points of numbers."""
    word = word.rstrip(".-")
    if word.startswith("-") and not word[1:2].isdigit() and word[1:2] != ".":
        word = word.lstrip("-")
    if word.startswith(".") and not word[1:2].isdigit():
        word = word.lstrip(".")
    return word


def typo_allowance(length: int) -> int:
    """Edits tolerated for an answer of this many characters: none for short words."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    return min(3, 1 + length // 10)


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def _compact(text: str) -> str:
    return text.replace(" ", "").replace("-", "")


def matches(response: str, accepted: str) -> bool:
    given, target = normalise(response), normalise(accepted)
    if not given or not target:
        return False
    if given == target or _compact(given) == _compact(target):
        return True
    if _is_number(target) or _is_number(given):
        return False
    allowance = typo_allowance(len(target))
    return allowance > 0 and Levenshtein.distance(given, target, score_cutoff=allowance) <= allowance


def grade_short(question: ShortQuestion, response: str) -> Grade:
    ok = any(matches(response, accepted) for accepted in (question.answer, *question.accept))
    return Grade(Verdict.CORRECT if ok else Verdict.WRONG, chosen=response)


def choice_letter(question: ChoiceQuestion, response: str) -> str | None:
    """The option a response names: its letter (`b`, `B)`, `2`) or its text."""
    stripped = response.strip().rstrip(").:").strip().upper()
    letters = LETTERS[: len(question.options)]
    if len(stripped) == 1 and stripped in letters:
        return stripped
    for letter, option in zip(letters, question.options, strict=False):
        # Articles stay: in "(b − a) / max(a, b)" the letter a is a variable, not a word.
        if normalise(option, drop_articles=False) == normalise(response, drop_articles=False):
            return letter
    if stripped.isdigit() and 1 <= int(stripped) <= len(question.options):
        return letters[int(stripped) - 1]
    return None


def grade_choice(question: ChoiceQuestion, response: str) -> Grade:
    letter = choice_letter(question, response)
    if letter is None:
        return Grade(Verdict.WRONG, chosen=response)
    return Grade(Verdict.CORRECT if letter == question.answer else Verdict.WRONG, chosen=letter)


def _contains_phrase(answer_words: list[str], phrase: str) -> bool:
    wanted = normalise(phrase).split()
    if not wanted:
        return False
    span = len(wanted)
    for start in range(len(answer_words) - span + 1):
        window = answer_words[start : start + span]
        if all(_word_matches(got, want) for got, want in zip(window, wanted, strict=True)):
            return True
    return False


def _word_matches(got: str, want: str) -> bool:
    if got == want:
        return True
    # Inflections (regularise / regularisation) count; a different word with a shared tail doesn't.
    if len(want) >= 5 and got.startswith(want[: max(5, len(want) - 2)]):
        return True
    allowance = typo_allowance(len(want))
    return allowance > 0 and Levenshtein.distance(got, want, score_cutoff=allowance) <= allowance


def grade_open(question: OpenQuestion, response: str) -> Grade:
    words = normalise(response).split()
    hit: list[str] = []
    missed: list[str] = []
    for point in question.rubric:
        made = any(_contains_phrase(words, keyword) for keyword in point.keywords)
        (hit if made else missed).append(point.point)
    needed = math.ceil(len(question.rubric) * 0.6)
    if len(hit) >= needed:
        verdict = Verdict.CORRECT
    elif hit:
        verdict = Verdict.PARTIAL
    else:
        verdict = Verdict.WRONG
    return Grade(verdict, tuple(hit), tuple(missed), chosen=response)


def grade(question: Question, response: str) -> Grade:
    if isinstance(question, ChoiceQuestion):
        return grade_choice(question, response)
    if isinstance(question, ShortQuestion):
        return grade_short(question, response)
    return grade_open(question, response)
