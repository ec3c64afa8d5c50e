"""Checks on the bundled question bank: what makes it fair, correct and varied enough to use daily."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from rapidfuzz import fuzz

from bot.bank import BUNDLED_CONTENT, QuestionBank
from bot.content_report import summary_table
from bot.grading import Verdict, grade
from bot.models import LETTERS, ChoiceQuestion, Difficulty, OpenQuestion, ShortQuestion
from bot.schema import SCHEMA_FILE, render_schema
from bot.topics import resolve_topic

SEEDS = ("000_cc4abff2704ba2d9", "001_749b9913df3029b4", "002_4887ee347633ce3e", "003_49013d5f2da82ec6")


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return QuestionBank.load(BUNDLED_CONTENT)


def test_the_bank_is_large_enough_for_months_of_practice(bank: QuestionBank) -> None:
    auto = [q for q in bank.questions.values() if q.auto_gradable]
    assert len(bank) >= 220
    assert len(auto) >= 150


def test_every_topic_has_at_least_eight_questions(bank: QuestionBank) -> None:
    counts = bank.topic_counts()
    assert {topic: counts[topic] for topic in bank.topics.ids if counts[topic] < 8} == {}


SHIPPED_TOPICS = {
    "fundamentals": ["basics"],
    "data-preparation": ["data", "features"],
    "supervised-learning": ["supervised"],
    "unsupervised-learning": ["unsupervised", "clustering"],
    "model-evaluation": ["evaluation", "metrics"],
    "optimization": ["optimisation"],
    "deep-learning": ["dl"],
    "nlp-transformers": ["nlp", "transformers"],
    "probability-statistics": ["stats", "statistics", "probability", "ab-testing"],
    "mlops": ["production"],
    "system-design": ["design"],
    "coding-data-tools": ["coding", "python", "sql"],
    "responsible-ai": ["ethics", "fairness"],
    "behavioral": ["behavioural"],
    "interview-prep": ["career", "prep"],
}


def test_the_shipped_topics_keep_their_ids_and_names(bank: QuestionBank) -> None:
    """Saved schedules and stats store these ids; members type these names."""
    for topic_id, names in SHIPPED_TOPICS.items():
        assert topic_id in bank.topics
        assert [resolve_topic(name, bank.topics) for name in names] == [topic_id] * len(names)


def test_difficulties_are_spread(bank: QuestionBank) -> None:
    counts = Counter(q.difficulty for q in bank.questions.values())
    assert all(counts[d] >= 0.15 * len(bank) for d in Difficulty), counts


def test_correct_option_positions_are_balanced(bank: QuestionBank) -> None:
    choices = [q for q in bank.questions.values() if isinstance(q, ChoiceQuestion)]
    positions = Counter(q.answer for q in choices)
    assert max(positions.values()) <= 0.35 * len(choices), positions
    assert all(len(q.options) == 4 for q in choices)


def test_no_two_prompts_are_near_identical(bank: QuestionBank) -> None:
    ids = list(bank.questions)
    prompts = [bank.questions[i].prompt.lower() for i in ids]
    twins = [
        (ids[a], ids[b])
        for a, b in combinations(range(len(ids)), 2)
        if fuzz.ratio(prompts[a], prompts[b]) >= 90
    ]
    assert twins == []


def test_short_answers_accept_their_canonical_form_and_variants(bank: QuestionBank) -> None:
    failures = [
        (q.id, text)
        for q in bank.questions.values()
        if isinstance(q, ShortQuestion)
        for text in (q.answer, *q.accept)
        if not grade(q, text).correct
    ]
    assert failures == []


def test_choice_questions_grade_only_the_right_option(bank: QuestionBank) -> None:
    failures = []
    for question in bank.questions.values():
        if not isinstance(question, ChoiceQuestion):
            continue
        for letter, option in zip(LETTERS, question.options, strict=False):
            expected = letter == question.answer
            if grade(question, option).correct != expected or grade(question, letter).correct != expected:
                failures.append((question.id, letter))
    assert failures == []


def test_open_model_answers_meet_their_own_rubric(bank: QuestionBank) -> None:
    failures = [
        q.id
        for q in bank.questions.values()
        if isinstance(q, OpenQuestion) and grade(q, q.model_answer).verdict != Verdict.CORRECT
    ]
    assert failures == []


def test_every_seed_article_is_covered(bank: QuestionBank) -> None:
    cited = Counter(source for q in bank.questions.values() for source in q.sources)
    assert {seed: cited[seed] for seed in SEEDS if cited[seed] < 5} == {}


def test_summary_table_counts_every_question(bank: QuestionBank) -> None:
    table = summary_table(bank)
    last = table.splitlines()[-1].split()
    assert last[0] == "all" and int(last[-1]) == len(bank)


def test_the_shipped_json_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "regenerate with: python -c 'from bot.schema import write_schema; write_schema()'"
    )
