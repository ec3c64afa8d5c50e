"""Text normalisation shared by every grader: case, accents, spacing and symbols that carry meaning."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

ARTICLES = frozenset({"a", "an", "the"})
_KEPT_SYMBOLS = frozenset(".+-%")
_FRACTION_SLASHES = frozenset("/\u2044\u2215")
_SIBLING_WORDS = (
    frozenset({"precision", "recall"}),
    frozenset({"micro", "macro"}),
    frozenset({"encoder", "decoder"}),
    frozenset({"maximum", "minimum"}),
    frozenset({"sensitivity", "specificity"}),
    frozenset({"overfitting", "underfitting"}),
    frozenset({"mean", "median", "mode"}),
    frozenset({"bagging", "boosting"}),
)


GREEK_NAMES = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "η": "eta",
    "θ": "theta",
    "λ": "lambda",
    "μ": "mu",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "χ": "chi",
    "ω": "omega",
    "∑": "sum",
}
_GREEK = re.compile("[" + "".join(GREEK_NAMES) + "]")


def _folded_chars(text: str) -> list[str]:
    chars: list[str] = []
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if unicodedata.category(c) != "Mn"
    )
    text = _GREEK.sub(lambda m: f" {GREEK_NAMES[m.group(0)]} ", bare)
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.category(char) == "Mn":
            continue
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if unicodedata.category(part) != "Mn":
                chars.append(part)
    return chars


def _keep(chars: list[str], index: int, kept: list[str]) -> str:
    """The character to keep at `index`, or a space when it only separates words."""
    char = chars[index]
    category = unicodedata.category(char)
    previous = kept[-1] if kept else " "
    following = chars[index + 1] if index + 1 < len(chars) else " "
    if category[0] in "LN" or char in _KEPT_SYMBOLS:
        return char
    if char == "#" and previous.isalpha():
        return char
    if char == "," and previous.isdigit() and following.isdigit():
        return char
    if char in _FRACTION_SLASHES and previous.isdigit() and following.isdigit():
        return "/"
    return " "


def _trim_word(word: str) -> str:
    """Drop sentence punctuation around a word, keeping signs and decimal points of numbers."""
    word = word.rstrip(".-")
    if word.startswith("-") and not word[1:2].isdigit() and word[1:2] != ".":
        word = word.lstrip("-")
    if word.startswith(".") and not word[1:2].isdigit():
        word = word.lstrip(".")
    return word


_PLAIN_ASCII = re.compile(r"^[\t\n\r\x20-\x7e]*$")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_DIGIT_SLASH = re.compile(r"(?<=\d)/(?=\d)")
_SHARP = re.compile(r"(?<=[a-z])#")
_ASCII_KEPT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.+-%\x01\x02\x03")
_ASCII_TABLE = {code: (chr(code) if chr(code) in _ASCII_KEPT else " ") for code in range(128)}


def _ascii_words(text: str) -> str:
    marked = _SHARP.sub("\x03", _DIGIT_SLASH.sub("\x02", _DIGIT_COMMA.sub("\x01", text.lower())))
    kept = marked.translate(_ASCII_TABLE)
    return kept.replace("\x01", ",").replace("\x02", "/").replace("\x03", "#")


def words(text: str) -> list[str]:
    """Folded words of `text`, articles included."""
    if _PLAIN_ASCII.match(text):
        return [w for w in (_trim_word(word) for word in _ascii_words(text).split()) if w]
    chars = _folded_chars(text)
    kept: list[str] = []
    for index in range(len(chars)):
        kept.append(_keep(chars, index, kept))
    return [w for w in (_trim_word(word) for word in "".join(kept).split()) if w]


def normalise(text: str, *, drop_articles: bool = True) -> str:
    """Fold case, accents, punctuation and spacing so equivalent answers compare equal."""
    cleaned = words(text)
    if not drop_articles:
        return " ".join(cleaned)
    content = [w for w in cleaned if w not in ARTICLES] or cleaned
    return " ".join(content)


def compact(text: str) -> str:
    return text.replace(" ", "").replace("-", "")


def typo_allowance(length: int) -> int:
    """Edits tolerated for a word of this many characters: none for short words."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    return min(3, 1 + length // 10)


def _across_meaning_boundary(got: str, want: str) -> bool:
    if got[:2] != want[:2] or not (got + want).isalpha():  # digits, symbols or another start
        return True
    return any(got in group and want in group for group in _SIBLING_WORDS) and got != want


def close_spelling(got: str, want: str) -> bool:
    """`got` is `want` with a small typo that cannot change its meaning."""
    got, want = compact(got), compact(want)
    if got == want:
        return True
    if _across_meaning_boundary(got, want):
        return False
    allowance = typo_allowance(len(want))
    return allowance > 0 and Levenshtein.distance(got, want, score_cutoff=allowance) <= allowance


def _stem(word: str) -> str:
    """The part of a word its inflections share: monitor, imbalanc, regularis."""
    for ending in ("ation", "ition"):
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word[:-1] if word[-1] in "ey" else word


def same_word(got: str, want: str, *, inflections: bool = False) -> bool:
    """Word equality up to hyphens, small typos and, optionally, inflections of longer words."""
    folded_got, folded_want = compact(got), compact(want)
    if folded_got == folded_want:
        return True
    if (
        inflections
        and len(folded_want) >= 5
        and len(folded_got) <= len(folded_want) + 6
        and folded_got.startswith(_stem(folded_want))
    ):
        return True
    return close_spelling(got, want)


def find_phrase(
    haystack: list[str] | tuple[str, ...],
    phrase: tuple[str, ...],
    *,
    inflections: bool = False,
    start: int = 0,
) -> tuple[int, int] | None:
    """The first span of `haystack` that spells `phrase` on word boundaries, hyphens and spaces aside."""
    if not phrase:
        return None
    joined = compact("".join(phrase))
    size = len(phrase)
    for first in range(start, len(haystack)):
        if haystack[first][:1] != phrase[0][:1]:
            continue
        for length in range(1, size + 3):
            window = haystack[first : first + length]
            if len(window) < length:
                break
            if compact("".join(window)) == joined:
                return first, first + length
        window = tuple(haystack[first : first + size])
        if len(window) == size and (
            all(
                same_word(got, want, inflections=inflections)
                for got, want in zip(window, phrase, strict=True)
            )
            or (size > 1 and _close_phrase(window, phrase))
        ):
            return first, first + size
    return None


def _close_phrase(window: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """A several-word answer with typos spread over it: short words exact, each word's start kept."""
    for got, want in zip(window, phrase, strict=True):
        if (
            got[:2] != want[:2]
            or (len(want) <= 4 and got != want)
            or (got != want and _across_meaning_boundary(got, want))
        ):
            return False
    return close_spelling("".join(window), "".join(phrase))
