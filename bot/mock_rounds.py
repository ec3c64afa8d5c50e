"""Mock interview rounds: which topics each draws from, its planned mix of question kinds, and
reading `/prep mock [round] [minutes]`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.errors import UsageError
from bot.models import Kind, Question

MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 10, 60, 20
DEFAULT_ROUND = "breadth"
FUNDAMENTALS = (
    "fundamentals",
    "supervised-learning",
    "unsupervised-learning",
    "model-evaluation",
    "data-preparation",
    "deep-learning",
    "optimization",
    "math-for-ml",
)


@dataclass(frozen=True)
class Round:
    name: str
    title: str
    topics: tuple[str, ...]  # empty: every topic
    choice: int = 0
    short: int = 0
    open: int = 0


ROUNDS = {
    r.name: r
    for r in (
        Round("breadth", "Breadth (ML fundamentals)", FUNDAMENTALS, choice=3, short=2, open=2),
        Round("llm", "LLMs", ("llm", "nlp-transformers"), choice=2, short=1, open=2),
        Round("design", "ML system design", ("system-design", "mlops", "training-at-scale"), open=2),
        Round("behavioral", "Behavioral", ("behavioral", "interview-prep"), open=2),
        Round("stats", "Statistics and experiments", ("probability-statistics",), choice=2, short=2, open=1),
        Round("coding-data", "Coding and data", ("coding-data-tools",), choice=2, short=2, open=1),
        Round("mixed", "Mixed", (), choice=2, short=2, open=2),
    )
}


@dataclass(frozen=True)
class MockRequest:
    round: Round
    minutes: int


def parse_request(args: tuple[str, ...]) -> MockRequest:
    """`[round] [minutes]` in either order; a clear UsageError for anything else."""
    round_name, minutes = DEFAULT_ROUND, DEFAULT_MINUTES
    rounds = ", ".join(ROUNDS)
    if len(args) > 2:
        raise UsageError(f"Use /prep mock [round] [minutes], e.g. /prep mock llm 30. Rounds: {rounds}.")
    for word in args:
        if word.lstrip("-").isdigit():
            minutes = int(word)
            if not MIN_MINUTES <= minutes <= MAX_MINUTES:
                raise UsageError(
                    f"A mock lasts {MIN_MINUTES} to {MAX_MINUTES} minutes; "
                    f"{word[:6]} is outside that. Try /prep mock {DEFAULT_MINUTES}."
                )
        elif word.lower() in ROUNDS:
            round_name = word.lower()
        else:
            raise UsageError(f"Unknown mock round '{word[:20]}'. The rounds are {rounds}.")
    return MockRequest(ROUNDS[round_name], minutes)


def plan(
    chosen: Round, minutes: int, questions: list[Question], last_seen: dict[str, datetime], rng: random.Random
) -> list[Question]:
    """The round's planned mix from its topics, questions the member never answered first, then
    those answered longest ago; a short design or behavioral round has one open question."""
    pool = [q for q in questions if not chosen.topics or q.topic in chosen.topics]
    wanted = {Kind.CHOICE: chosen.choice, Kind.SHORT: chosen.short, Kind.OPEN: chosen.open}
    if not chosen.choice and not chosen.short and minutes < 20:
        wanted[Kind.OPEN] = 1
    never = datetime.min.replace(tzinfo=UTC)

    def freshest(candidates: list[Question]) -> list[Question]:
        rng.shuffle(candidates)
        return sorted(candidates, key=lambda q: last_seen.get(q.id, never))

    picked: list[Question] = []
    for kind, count in wanted.items():
        picked += freshest([q for q in pool if q.kind == kind])[:count]
    target = sum(wanted.values())
    if len(picked) < target:
        rest = freshest([q for q in pool if q not in picked])
        picked += rest[: target - len(picked)]
    order = {Kind.CHOICE: 0, Kind.SHORT: 1, Kind.OPEN: 2}
    return sorted(picked, key=lambda q: order[q.kind])
