from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from bot.grading import Verdict, grade, matches, normalise, typo_allowance
from bot.models import ChoiceQuestion, OpenQuestion, RubricPoint, ShortQuestion

SHORT = ShortQuestion(id="pca", topic="unsupervised-learning", difficulty="easy", prompt="?",
                      explanation="x", sources=["general"], answer="PCA",
                      accept=["principal component analysis"])
CHOICE = ChoiceQuestion(id="c", topic="fundamentals", difficulty="easy", prompt="?",
                        explanation="x", sources=["general"],
                        options=["High variance", "High bias", "Leakage", "Noise"], answer="B")
OPEN = OpenQuestion(
    id="o", topic="fundamentals", difficulty="medium", prompt="?", explanation="x",
    sources=["general"], model_answer="m",
    rubric=[RubricPoint(point="noise", keywords=["noise", "memorise"]),
            RubricPoint(point="regularisation", keywords=["regularisation", "dropout"]),
            RubricPoint(point="data", keywords=["more data", "early stopping"])])


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(alphabet=string.ascii_letters + " ", min_size=1))
def test_normalise_ignores_case_and_spacing(text: str) -> None:
    assert normalise(text.upper()) == normalise("  " + text.lower() + "\t")


@given(st.text(min_size=1, max_size=40), st.sampled_from(["!", "?", ".", ",", ";", "  "]))
def test_trailing_punctuation_never_changes_the_verdict(text: str, tail: str) -> None:
    assert matches(text + tail, text) == matches(text, text)


def test_accents_and_unicode_forms_fold() -> None:
    assert normalise("Naïve Bayes") == normalise("naive bayes")
    assert normalise("ｋ-means") == normalise("k-means")


def test_short_answer_accepts_variants_and_small_typos() -> None:
    assert grade(SHORT, "pca").correct
    assert grade(SHORT, "Principal Component Analysis.").correct
    assert grade(SHORT, "principle component analysis").correct
    assert not grade(SHORT, "ICA").correct


def test_short_words_must_match_exactly() -> None:
    assert typo_allowance(4) == 0
    assert not matches("L1", "L2")
    assert not matches("ReLU", "GeLU")


def test_no_substring_matching() -> None:
    assert not matches("air", "chair")
    assert not matches("the answer is chair and more words", "chair")


def test_numbers_match_exactly() -> None:
    assert matches("0.80", "0.80")
    assert not matches("0.81", "0.80")
    assert not matches("1000", "10000")


def test_hyphens_and_spaces_are_interchangeable() -> None:
    assert matches("k means", "k-means")
    assert matches("kmeans", "k-means")


def test_choice_accepts_letter_number_or_option_text() -> None:
    assert grade(CHOICE, "b").correct
    assert grade(CHOICE, "B)").correct
    assert grade(CHOICE, "2").correct
    assert grade(CHOICE, "high bias").correct
    assert not grade(CHOICE, "A").correct
    assert grade(CHOICE, "F").verdict == Verdict.WRONG


def test_open_answer_counts_rubric_points() -> None:
    full = grade(OPEN, "It memorises noise; use dropout and more data.")
    assert full.verdict == Verdict.CORRECT and len(full.points_hit) == 3
    part = grade(OPEN, "The model memorizes the noise.")
    assert part.verdict == Verdict.PARTIAL and part.points_missed == ("regularisation", "data")
    assert grade(OPEN, "no idea").verdict == Verdict.WRONG
