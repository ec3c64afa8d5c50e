from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grading import grade, normalise
from bot.grading.numbers import Number, equal, parse_number
from bot.grading.text import words
from bot.models import ChoiceQuestion, OpenQuestion, RubricPoint, ShortQuestion

BASE = {"topic": "fundamentals", "difficulty": "easy", "explanation": "x", "sources": ["general"]}
HOSTILE = st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | st.sampled_from(
    [
        "\u202eC++\u202c",
        "مرحبا 0.5",
        "😀" * 50,
        "\x00\x07\x1b[31mB",
        "a\r\nb\tc",
        "x" * 10_000,
        "\u0301\u0301",
        "ﬁne-tuning",
        "½",
        "٣",
    ]
)


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(alphabet=string.ascii_letters + " ", min_size=1))
def test_normalise_ignores_case_and_spacing(text: str) -> None:
    assert normalise(text.upper()) == normalise("  " + text.lower() + "\t")


@settings(max_examples=300)
@given(st.text(alphabet=string.printable))
def test_ascii_text_folds_like_any_other_text(text: str) -> None:
    assert words(text) == words(text + "\u00e9")[: len(words(text))] or words(text + " é")[:-1] == words(text)


def test_symbols_that_carry_meaning_survive() -> None:
    assert normalise("C#") != normalise("C") != normalise("C++")
    assert normalise("F1") != normalise("F2") and normalise("k-NN") == "k-nn"
    assert normalise("Naïve Bayes") == normalise("naive bayes")
    assert normalise("ｋ-means") == normalise("k-means")
    assert words("1,792 and 1/2") == ["1,792", "and", "1/2"]


@given(st.integers(min_value=0, max_value=10**9))
def test_separated_and_plain_integers_compare_equal(value: int) -> None:
    plain, separated = parse_number([str(value)]), parse_number(words(f"{value:,}"))
    assert plain is not None and separated is not None and plain.value == separated.value


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99))
def test_fractions_decimals_and_percentages_agree(top: int, bottom: int) -> None:
    fraction = parse_number([f"{top}/{bottom}"])
    decimal = parse_number([repr(top / bottom)])
    percent = parse_number([f"{100 * top / bottom!r}%"])
    assert fraction is not None and decimal is not None and percent is not None
    wanted = Number(top / bottom)
    assert equal(fraction, wanted) and equal(decimal, wanted)
    assert equal(percent, wanted, tolerance=1e-9, percent_ok=True)
    assert not equal(percent, wanted, percent_ok=False)


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_no_input_crashes_any_grader(text: str) -> None:
    questions = [
        ShortQuestion(id="s", prompt="How many?", answer="4", accept=["four"], **BASE),  # type: ignore[arg-type]
        ChoiceQuestion(id="c", prompt="?", options=["1,792", "70%", "High bias"], answer="A", **BASE),  # type: ignore[arg-type]
        OpenQuestion(
            id="o",
            prompt="?",
            model_answer="m",
            rubric=[
                RubricPoint(point=f"p{n}", any=["monitor + drift"], keywords=["canary"]) for n in range(3)
            ],
            **BASE,
        ),  # type: ignore[arg-type]
    ]
    for question in questions:
        grade(question, text)
        parse_number(words(text))
