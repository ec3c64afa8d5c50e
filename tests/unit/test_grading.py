from __future__ import annotations

import pytest

from bot.grading import NotAnAnswer, PointStatus, Verdict, grade, typo_allowance
from bot.models import ChoiceQuestion, OpenQuestion, RubricPoint, ShortQuestion

BASE = {"topic": "fundamentals", "difficulty": "easy", "explanation": "x", "sources": ["general"]}


def short(answer: str, prompt: str = "Which one?", **extra: object) -> ShortQuestion:
    return ShortQuestion(id="s", prompt=prompt, answer=answer, **BASE, **extra)  # type: ignore[arg-type]


def choice(options: list[str], answer: str) -> ChoiceQuestion:
    return ChoiceQuestion(id="c", prompt="Pick one.", options=options, answer=answer, **BASE)  # type: ignore[arg-type]


def verdict(question: ShortQuestion | ChoiceQuestion | OpenQuestion, text: str) -> Verdict | str:
    result = grade(question, text)
    return "reprompt" if isinstance(result, NotAnAnswer) else result.verdict


HALF = short("0.5", "What is the probability of heads for a fair coin?")
GATES = short("2", "How many gates does a standard GRU cell have?", accept=["two"])
PIXELS = short("7", "What is the width, in input pixels, of the receptive field?", accept=["seven"])
RANK = short("4", "Which value does RANK() give the row with score 80?", accept=["four", "rank 4"])
GROWTH = short("4", "By what factor must the sample size grow?", accept=["4x", "four times"])
LABELS = short("label delay", accept=["delayed labels", "label latency"])
SPAM = short("false positive", accept=["fp", "type i error"])
LANGUAGE = short("C/C++", accept=["c", "c++", "c and c++"], reject=["C#"])
F2 = short("recall", "Which metric does F2 weight more heavily, precision or recall?")
AIR = short("air")


@pytest.mark.parametrize("text", [".5", "0.5", "1/2", "50%", "one half", "half", "0.50"])
def test_a_proportion_is_accepted_in_any_equivalent_form(text: str) -> None:
    assert verdict(HALF, text) == Verdict.CORRECT


def test_percent_counts_only_where_the_question_allows_it() -> None:
    decimal = short("0.5", "What is the mean reciprocal rank? Give a decimal.")
    assert verdict(decimal, "50%") == Verdict.WRONG
    assert verdict(short("0.5", "Give a decimal.", percent=True), "50%") == Verdict.CORRECT


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (GATES, "2 gates"),
        (GATES, "two"),
        (GATES, "It has 2: an update gate and a reset gate"),
        (PIXELS, "7 pixels"),
        (PIXELS, "7x7"),
        (RANK, "four"),
        (RANK, "4th"),
        (RANK, "rank 4"),
        (GROWTH, "fourfold"),
        (GROWTH, "4 times"),
        (GROWTH, "quadruple"),
    ],
)
def test_numbers_words_ordinals_and_units_from_the_prompt(question: ShortQuestion, text: str) -> None:
    assert verdict(question, text) == Verdict.CORRECT


def test_numbers_hedged_or_with_a_foreign_unit_are_wrong() -> None:
    assert verdict(GATES, "2 or 3") == Verdict.WRONG
    assert verdict(GATES, "3") == Verdict.WRONG
    assert verdict(PIXELS, "7 layers") == Verdict.WRONG


def test_tolerance_and_separators() -> None:
    params = short("1792", "How many parameters?", tolerance=0.5, units=["params"])
    assert verdict(params, "1,792") == Verdict.CORRECT
    assert verdict(params, "1792.4 params") == Verdict.CORRECT
    assert verdict(params, "1793") == Verdict.WRONG


def test_framing_words_and_bracketed_notes_are_fine() -> None:
    assert verdict(LABELS, "it's the delayed labels problem (label latency)") == Verdict.CORRECT
    assert verdict(LABELS, "I think it's label delay, because chargebacks arrive late") == Verdict.CORRECT
    assert verdict(SPAM, "a false positive (Type I error)") == Verdict.CORRECT
    assert verdict(SPAM, "Type I error") == Verdict.CORRECT
    assert verdict(SPAM, "Type II error") == Verdict.WRONG


def test_two_accepted_names_together_are_correct() -> None:
    assert verdict(LANGUAGE, "C and C++") == Verdict.CORRECT
    assert verdict(LANGUAGE, "C++ (plus CUDA kernels)") == Verdict.CORRECT


def test_meaningful_symbols_survive_and_rejects_are_wrong() -> None:
    assert verdict(LANGUAGE, "C#") == Verdict.WRONG
    assert verdict(LANGUAGE, "C++") == Verdict.CORRECT
    assert verdict(short("L1"), "L2") == Verdict.WRONG
    assert verdict(short("F1 score"), "F2 score") == Verdict.WRONG
    assert verdict(short("k-NN"), "knn") == Verdict.CORRECT


def test_a_hedge_naming_a_rival_answer_is_wrong() -> None:
    assert verdict(F2, "either recall or precision") == Verdict.WRONG
    assert verdict(F2, "precision") == Verdict.WRONG
    assert verdict(F2, "It's recall, since beta > 1 weights it more") == Verdict.CORRECT
    assert verdict(LANGUAGE, "C or Python") == Verdict.WRONG


def test_an_answer_never_matches_inside_another_word_or_term() -> None:
    assert verdict(AIR, "chair") == Verdict.WRONG
    assert verdict(short("chair"), "air") == Verdict.WRONG
    assert verdict(short("regression"), "logistic regression") == Verdict.WRONG


def test_typos_are_forgiven_but_never_across_a_meaning_boundary() -> None:
    assert typo_allowance(4) == 0
    assert verdict(short("principal component analysis"), "principle component analysis") == Verdict.CORRECT
    assert verdict(short("Kolmogorov-Smirnov"), "Kolmogorov-Smirnoff") == Verdict.CORRECT
    assert verdict(short("micro average"), "macro average") == Verdict.WRONG
    assert verdict(short("supervised"), "unsupervised") == Verdict.WRONG
    assert verdict(short("precision"), "precisions") == Verdict.CORRECT


CHOICE = choice(["High variance", "High bias", "Data leakage", "Too many validation folds"], "B")
NUMERIC = choice(["1,728", "640", "3,211,264", "1,792"], "D")
PERCENT = choice(["40%", "50%", "70%", "30%"], "C")
NAMED = choice(
    [
        "High-risk, with duties such as oversight",
        "Minimal risk",
        "A skewed proxy for the target (measurement bias)",
        "Image captioning",
    ],
    "A",
)


@pytest.mark.parametrize(
    "text",
    [
        "b",
        "B",
        "B)",
        "(B)",
        "[b]",
        "option B",
        "Option b",
        "answer: B",
        "B.",
        "I think B",
        "high bias",
        "High Bias!",
        "High  bias.",
        "B) High bias",
    ],
)
def test_every_common_form_of_the_right_option_is_correct(text: str) -> None:
    assert verdict(CHOICE, text) == Verdict.CORRECT


def test_numbers_and_names_pick_their_option() -> None:
    assert verdict(NUMERIC, "1792") == Verdict.CORRECT
    assert verdict(NUMERIC, "640") == Verdict.WRONG
    assert verdict(PERCENT, "70") == Verdict.CORRECT
    assert verdict(PERCENT, "0.7") == Verdict.CORRECT
    assert verdict(NAMED, "high risk") == Verdict.CORRECT
    assert verdict(NAMED, "measurement bias") == Verdict.WRONG
    assert verdict(CHOICE, "data leackage") == Verdict.WRONG


@pytest.mark.parametrize("text", ["E", "e)", "segmentation", "B or C", "no idea", "😀", "F"])
def test_anything_that_is_not_one_option_is_asked_again(text: str) -> None:
    result = grade(CHOICE, text)
    assert isinstance(result, NotAnAnswer)
    assert "A, B, C or D" in result.message and "bias" not in result.message.lower()


OPEN = OpenQuestion(
    id="o",
    prompt="How do you keep a deployed model healthy?",
    model_answer="m",
    rubric=[
        RubricPoint(
            point="Monitors input drift",
            any=["monitor|track|alert + drift|shift"],
            keywords=["population stability index"],
        ),
        RubricPoint(point="Retrains on fresh data", any=["retrain + fresh|recent|new"]),
        RubricPoint(point="Watches latency", any=["latency|response time + p99|slo|budget"]),
        RubricPoint(point="Releases safely", any=["canary|shadow + rollout|traffic|release"]),
    ],
    **BASE,
)  # type: ignore[arg-type]


def test_a_good_plain_words_answer_is_correct_with_quotes() -> None:
    result = grade(
        OPEN,
        "I would monitor the input features for drift every day. When it moves, we "
        "retrain on recent data. New versions get a canary rollout to 1% of traffic.",
    )
    assert not isinstance(result, NotAnAnswer)
    assert result.verdict == Verdict.CORRECT
    made = {e.point: e.quote for e in result.evidence if e.status == PointStatus.MADE}
    assert made["Monitors input drift"].startswith("I would monitor the input features")
    assert result.points_missed == ("Watches latency",)


def test_a_keyword_list_earns_nothing_and_asks_for_explanations() -> None:
    result = grade(OPEN, "monitoring, drift, retraining, fresh data, p99 latency, canary rollout")
    assert not isinstance(result, NotAnAnswer)
    assert result.verdict == Verdict.WRONG and result.points_hit == ()
    assert any("explanations" in note for note in result.notes)


def test_denied_points_are_contradicted_not_credited() -> None:
    result = grade(
        OPEN,
        "You never need to monitor drift. Retraining on fresh data is unnecessary, "
        "and there is no need for a canary rollout.",
    )
    assert not isinstance(result, NotAnAnswer)
    assert result.verdict == Verdict.WRONG and result.points_hit == ()
    assert set(result.points_contradicted) == {
        "Monitors input drift",
        "Retrains on fresh data",
        "Releases safely",
    }
    assert all(e.quote for e in result.evidence if e.status == PointStatus.CONTRADICTED)


def test_a_generic_paragraph_earns_nothing() -> None:
    generic = OpenQuestion(
        id="g",
        prompt="?",
        model_answer="m",
        rubric=[
            RubricPoint(point="Evaluates the model", any=["evaluate + model"]),
            RubricPoint(point="Uses data", keywords=["data"]),
            RubricPoint(point="Monitors drift", any=["monitor + drift"]),
        ],
        **BASE,
    )  # type: ignore[arg-type]
    result = grade(
        generic,
        "I would analyse the data carefully, train a model, evaluate its "
        "performance with the right metrics and iterate until the results are good.",
    )
    assert not isinstance(result, NotAnAnswer)
    assert result.verdict == Verdict.WRONG and result.points_hit == ()


def test_partial_answers_and_conditionals() -> None:
    result = grade(OPEN, "Without monitoring for drift, quality decays silently, so I alert on drift.")
    assert not isinstance(result, NotAnAnswer)
    assert result.verdict == Verdict.PARTIAL and result.points_hit == ("Monitors input drift",)


def test_rubric_points_need_a_phrasing() -> None:
    with pytest.raises(ValueError, match="phrasing"):
        RubricPoint(point="Nothing to match", any=[], keywords=[])
