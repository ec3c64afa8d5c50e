"""Words around a short answer that do not change it: framing (`I think it is ...`), hedging
filler, what may follow a number, and vague tails that make `X or so` no second answer."""

from __future__ import annotations

from bot.grading.clauses import STATEMENT_WORDS

# Number words that are no second number (`the first one`).
HARMLESS_NUMBER_WORDS = frozenset({"one", "first", "second"})
# Words between `or` and what it offers instead (`X or maybe Y`).
HEDGE_FILLER = frozenset(
    {"a", "an", "the", "maybe", "perhaps", "possibly", "probably", "even", "just", "simply", "also", "rather"}
)
# `X or ...` followed by one of these offers no second answer (`X or so`).
VAGUE_TAILS = frozenset(
    {"something", "similar", "so", "whatever", "other", "thereabouts", "more", "less", "like", "its", "it"}
)
# Words that frame an answer without changing it (`I think it is ...`).
FRAMING = STATEMENT_WORDS | frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "s",
        "d",
        "m",
        "ll",
        "re",
        "ve",
        "t",
        "pass",
        "use",
        "using",
        "call",
        "called",
        "named",
        "termed",
        "say",
        "think",
        "guess",
        "believe",
        "probably",
        "maybe",
        "likely",
        "definitely",
        "surely",
        "sure",
        "pretty",
        "just",
        "simply",
        "basically",
        "answer",
        "choose",
        "pick",
        "try",
        "apply",
        "set",
        "classic",
        "standard",
        "so-called",
        "option",
        "name",
        "term",
        "known",
        "go",
        "i",
        "would",
        "is",
        "it",
        "that",
        "thats",
        "ok",
        "okay",
        "yes",
        "hmm",
        "well",
        "obviously",
        "clearly",
        "certainly",
        "here",
        "there",
        "actually",
        "uh",
        "um",
        "about",
        "around",
        "approximately",
        "roughly",
        "approx",
        "circa",
        "nearly",
        "almost",
        "becomes",
        "become",
        "turns",
        "into",
    }
)
# Words that may follow the number of a numeric answer (`4 times smaller`).
NUMBER_SUFFIXES = frozenset(
    {
        "times",
        "x",
        "fold",
        "percent",
        "exactly",
        "overall",
        "in",
        "total",
        "of",
        "for",
        "is",
        "it",
        "at",
        "on",
        "and",
        "then",
        "smaller",
        "larger",
        "bigger",
        "fewer",
        "less",
        "more",
        "lower",
        "higher",
        "faster",
        "slower",
        "reduction",
        "saving",
        "savings",
        "cheaper",
    }
)
