"""No giveaways in the shipped bank: nothing a member sees before answering, and nothing about
the options' length or position, points to the right answer."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from adapters.console.render import render as console_render
from adapters.discord.render import render as discord_render
from adapters.slack.render import render as slack_render
from bot.bank import BUNDLED_CONTENT, QuestionBank
from bot.models import LETTERS, ChoiceQuestion, ShortQuestion
from bot.replies import QuestionCard
from bot.service import card_for

MAX_LONGEST_SHARE = 0.30
# Each letter's share of the correct answers may stray up to 40% of the fair share 1/k
# (15%-35% for four options). With ~120 four-option questions a fair shuffle has a standard
# deviation of about 4 points per letter, so the band is about 2.5 standard deviations: an
# honest random order passes, a habit of hiding the answer in one position does not.
POSITION_TOLERANCE = 0.4
MIN_QUESTIONS_FOR_POSITIONS = 20
_NUMBER = re.compile(r"^[-+−]?[\d.,]+\s*(%|x|×)?$")
_BOUNDARY_BEFORE = r"(?<![\w.,])"
_BOUNDARY_AFTER = r"(?![\w]|[.,]\d)"
HIDDEN_SLACK_KEYS = {"value", "action_id", "block_id", "type", "style", "url"}


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return QuestionBank.load(BUNDLED_CONTENT)


def fold(text: str) -> str:
    return " ".join(re.sub(r"[-_`*]", " ", text.casefold()).split())


def contains_phrase(text: str, phrase: str) -> bool:
    """`phrase` appears in `text` as whole words (never inside a word or a longer number)."""
    pattern = _BOUNDARY_BEFORE + re.escape(fold(phrase)) + _BOUNDARY_AFTER
    return re.search(pattern, fold(text)) is not None


def accepted(question: ShortQuestion) -> list[str]:
    return [question.answer, *question.accept]


def is_number(text: str) -> bool:
    return _NUMBER.match(text.strip()) is not None


def short_questions(bank: QuestionBank) -> list[ShortQuestion]:
    return [q for q in bank.questions.values() if isinstance(q, ShortQuestion)]


def choice_questions(bank: QuestionBank) -> list[ChoiceQuestion]:
    return [q for q in bank.questions.values() if isinstance(q, ChoiceQuestion)]


def test_the_correct_option_is_seldom_the_longest(bank: QuestionBank) -> None:
    """Options that are all numbers are left out: their length says nothing about which is right."""
    worded = [q for q in choice_questions(bank) if not all(is_number(o) for o in q.options)]
    longest = sorted(
        q.id for q in worded if len(q.answer_text.strip()) >= max(len(o.strip()) for o in q.options)
    )
    share = len(longest) / len(worded)
    assert share <= MAX_LONGEST_SHARE, (
        f"the correct option is the longest or tied-longest in {len(longest)} of {len(worded)} "
        f"worded choice questions ({share:.0%}): {longest}"
    )


def test_each_position_holds_a_fair_share_of_correct_answers(bank: QuestionBank) -> None:
    by_size: dict[int, list[ChoiceQuestion]] = defaultdict(list)
    for question in choice_questions(bank):
        by_size[len(question.options)].append(question)
    unfair = {}
    for size, questions in by_size.items():
        if len(questions) < MIN_QUESTIONS_FOR_POSITIONS:
            continue
        fair = 1 / size
        counts = Counter(q.answer for q in questions)
        shares = {letter: counts[letter] / len(questions) for letter in LETTERS[:size]}
        low, high = fair * (1 - POSITION_TOLERANCE), fair * (1 + POSITION_TOLERANCE)
        unfair |= {
            f"{letter} of {size}": f"{share:.0%}"
            for letter, share in shares.items()
            if not low <= share <= high
        }
    assert unfair == {}


def _slack_texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in HIDDEN_SLACK_KEYS:
                yield from _slack_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _slack_texts(item)
    elif isinstance(node, str):
        yield node


def shown_before_answering(card: QuestionCard) -> dict[str, str]:
    """What each platform shows around the prompt: headings, footers, labels."""
    discord_text = [
        text
        for embed in discord_render(card).embed_dicts()
        for text in (
            embed.get("title", ""),
            embed.get("description", ""),
            embed.get("footer", {}).get("text", ""),
            *(f"{f['name']} {f['value']}" for f in embed.get("fields", [])),
        )
    ]
    return {
        "console": console_render(card),
        "slack": "\n".join(_slack_texts([b for m in slack_render(card) for b in m["blocks"]])),
        "discord": "\n".join(discord_text),
    }


async def test_nothing_shown_with_a_short_question_contains_its_answer(bank: QuestionBank) -> None:
    """Card text other than the prompt: ids, topic titles, tags, whatever a platform prints."""
    leaks: dict[str, set[str]] = defaultdict(set)
    for question in short_questions(bank):
        card = replace(card_for(question, bank.topics, private=False), prompt="…")
        for platform, text in shown_before_answering(card).items():
            if any(contains_phrase(text, answer) for answer in accepted(question)):
                leaks[question.id].add(platform)
    assert dict(leaks) == {}, f"{len(leaks)} short questions show their answer: {dict(leaks)}"


def test_no_short_question_is_answerable_from_its_own_prompt(bank: QuestionBank) -> None:
    """A prompt that names its answer turns recall into recognition. Numeric answers are left
    out: a number that is also one of the prompt's inputs is a coincidence, not a hint."""
    named = [
        (q.id, answer)
        for q in short_questions(bank)
        for answer in accepted(q)
        if not is_number(answer) and contains_phrase(q.prompt, answer)
    ]
    assert named == []


def test_phrase_matching_respects_word_and_number_boundaries() -> None:
    assert contains_phrase("It is the label-delay problem", "label delay")
    assert contains_phrase("shape (3, 1)", "3")
    assert not contains_phrase("confidence 0.5", "5")
    assert not contains_phrase("a chair", "air")
    assert not contains_phrase("1,792 parameters", "792")
    assert contains_phrase("use C++ here", "C++")
