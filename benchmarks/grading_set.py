"""The labelled evaluation set of member answers (tests/grading/eval/*.yaml) and its figures.

Each file holds answers to the questions of one content pack, each labelled with what an
interviewer would say. `score()` grades every answer and `figures()` turns the outcomes into the
targets the grader is held to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.bank import BUNDLED_CONTENT, QuestionBank
from bot.models import Kind, Question
from bot.packs import pack_files, read_pack

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "grading" / "eval"
LABELS: dict[Kind, tuple[str, ...]] = {
    Kind.CHOICE: ("correct", "wrong", "reprompt"),
    Kind.SHORT: ("correct", "wrong", "reprompt"),
    Kind.OPEN: ("good", "partial", "zero"),
}
CATEGORIES: dict[Kind, tuple[str, ...]] = {
    Kind.CHOICE: (
        "letter-form",
        "option-text",
        "numeric-form",
        "invalid-letter",
        "unrelated",
        "wrong-option",
    ),
    Kind.SHORT: (
        "plain",
        "framed",
        "numeric-variant",
        "unit-variant",
        "synonym",
        "near-miss",
        "hedge",
        "wrong",
    ),
    Kind.OPEN: ("paraphrase", "keyword-list", "negated", "generic", "off-topic", "partial"),
}
OUTCOMES = ("correct", "partial", "wrong", "reprompt")
REPROMPT = "reprompt"


class EvalSetError(Exception):
    """The evaluation set does not match the question bank or its own format."""


@dataclass(frozen=True)
class Answer:
    pack: str
    question: Question
    text: str
    expect: str
    category: str

    @property
    def kind(self) -> Kind:
        return self.question.kind


@dataclass(frozen=True)
class Outcome:
    answer: Answer
    got: str

    @property
    def miss(self) -> bool:
        expect, got = self.answer.expect, self.got
        if self.answer.kind != Kind.OPEN:
            return got != expect
        if expect == "zero":
            return got != "wrong"
        return got not in ("correct", "partial")


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    goal: str
    met: bool
    unit: str = "%"

    def line(self) -> str:
        shown = f"{self.value:.1f}%" if self.unit == "%" else f"{self.value:g}"
        return f"{self.name:<58}{shown:>8}   target {self.goal:<7} {'PASS' if self.met else 'MISS'}"


def pack_of_questions(content: Path = BUNDLED_CONTENT) -> dict[str, str]:
    packs = [read_pack(path)[0] for path in pack_files(content)]
    return {q.id: pack.header.pack for pack in packs if pack.header for q in pack.questions}


def _answers_of(path: Path, bank: QuestionBank, packs: dict[str, str]) -> Iterable[Answer]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise EvalSetError(f"{path.name}: must be a list of {{question, answers}} entries")
    problems: list[str] = []
    for entry in raw:
        qid = entry.get("question") if isinstance(entry, dict) else None
        question = bank.get(qid) if isinstance(qid, str) else None
        if question is None:
            problems.append(f"unknown question id {qid!r}")
            continue
        if packs.get(question.id) != path.stem:
            problems.append(f"{qid} belongs to pack {packs.get(question.id)!r}, not {path.stem!r}")
        for item in entry.get("answers") or []:
            text, expect, category = item.get("text"), item.get("expect"), item.get("kind")
            if set(item) != {"text", "expect", "kind"} or not isinstance(text, str) or not text:
                problems.append(f"{qid}: answers need exactly text, expect and kind: {item!r}")
            elif expect not in LABELS[question.kind]:
                problems.append(f"{qid}: label {expect!r} is not one of {LABELS[question.kind]}")
            elif category not in CATEGORIES[question.kind]:
                problems.append(f"{qid}: kind {category!r} is not one of {CATEGORIES[question.kind]}")
            else:
                yield Answer(path.stem, question, text, expect, category)
    if problems:
        raise EvalSetError(f"{path.name}: " + "; ".join(problems))


def load_answers(bank: QuestionBank | None = None, folder: Path = EVAL_DIR) -> list[Answer]:
    """Every labelled answer; raises EvalSetError on an unknown question id or a bad label."""
    bank = bank or QuestionBank.load()
    packs = pack_of_questions()
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise EvalSetError(f"no evaluation files in {folder}")
    unknown = [p.name for p in files if p.stem not in set(packs.values())]
    if unknown:
        raise EvalSetError(f"evaluation files for packs that do not exist: {', '.join(unknown)}")
    return [answer for path in files for answer in _answers_of(path, bank, packs)]


def outcome_of(result: object) -> str:
    """The verdict's value, or `reprompt` for anything that is not a graded answer."""
    verdict = getattr(result, "verdict", None)
    value = getattr(verdict, "value", verdict)
    return value if isinstance(value, str) and value in OUTCOMES[:3] else REPROMPT


def score(answers: Iterable[Answer], grade: Callable[[Any, str], object]) -> list[Outcome]:
    return [Outcome(a, outcome_of(grade(a.question, a.text))) for a in answers]


def _share(
    outcomes: list[Outcome], kind: Kind, expects: tuple[str, ...], hit: Callable[[Outcome], bool]
) -> float:
    chosen = [o for o in outcomes if o.answer.kind == kind and o.answer.expect in expects]
    return 100.0 * sum(map(hit, chosen)) / len(chosen) if chosen else 100.0


def figures(outcomes: list[Outcome]) -> list[Target]:
    """The targets on the evaluation set, in the order the benchmark prints them."""
    short_ok = _share(outcomes, Kind.SHORT, ("correct",), lambda o: o.got == "correct")
    short_bad = _share(outcomes, Kind.SHORT, ("wrong",), lambda o: o.got == "correct")
    valid = _share(outcomes, Kind.CHOICE, ("correct", "wrong"), lambda o: o.got == o.answer.expect)
    invalid = _share(outcomes, Kind.CHOICE, ("reprompt",), lambda o: o.got == REPROMPT)
    lists_correct = sum(
        1
        for o in outcomes
        if o.answer.kind == Kind.OPEN
        and o.got == "correct"
        and o.answer.category in ("keyword-list", "negated")
    )
    zero_points = _share(outcomes, Kind.OPEN, ("zero",), lambda o: o.got in ("correct", "partial"))
    good = _share(outcomes, Kind.OPEN, ("good",), lambda o: o.got in ("correct", "partial"))
    return [
        Target("short: correct phrasings accepted", short_ok, ">= 97%", short_ok >= 97.0),
        Target("short: wrong answers accepted", short_bad, "<= 1%", short_bad <= 1.0),
        Target("choice: valid forms recognised", valid, "100%", valid >= 100.0),
        Target("choice: invalid inputs re-prompted", invalid, "100%", invalid >= 100.0),
        Target(
            "open: keyword lists or negated answers graded correct",
            lists_correct,
            "0",
            lists_correct == 0,
            unit="count",
        ),
        Target(
            "open: adversarial (zero) answers earning any points", zero_points, "<= 5%", zero_points <= 5.0
        ),
        Target("open: good plain-words answers at least partly right", good, ">= 85%", good >= 85.0),
    ]


def counts(answers: Iterable[Answer]) -> Counter[tuple[str, str]]:
    return Counter((a.kind.value, a.expect) for a in answers)
