"""The report at the end of a mock interview: score by topic, each answer with its time and key
points, what to review next, and the change since the member's previous mock of the round."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.mock_rounds import Round
from bot.models import Question
from bot.replies import reference_code
from bot.storage.mock_store import MockItem, MockSession
from bot.topics import Topics

SCORES = {"correct": 1.0, "partial": 0.5}
FINISHED, TIMED_OUT, STOPPED = "done", "timeout", "stopped"


def item_score(item: MockItem) -> float:
    return SCORES.get(item.verdict or "", 0.0)


def session_score(items: list[MockItem]) -> float:
    """The share of the planned questions got right (partly right counts half)."""
    return sum(map(item_score, items)) / len(items) if items else 0.0


def duration(delta: timedelta) -> str:
    seconds = max(0, round(delta.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True)
class MockOutcome:
    round: Round
    session: MockSession
    status: str
    items: list[MockItem]
    questions: dict[str, Question]
    previous: MockSession | None


def _how_it_ended(outcome: MockOutcome) -> str:
    if outcome.status == TIMED_OUT:
        return f"time ran out after {outcome.session.minutes} minutes"
    return f"all {len(outcome.items)} questions done"


def _item_line(number: int, item: MockItem, question: Question | None, topics: Topics) -> list[str]:
    where = f"{topics.title(question.topic)}, {question.kind.value}" if question else "removed"
    code = reference_code(item.question_id)
    if item.answered_at is None:
        return [f"{number}. {code} {where}: not reached"]
    took = duration(item.answered_at - item.served_at) if item.served_at else "?"
    lines = [f"{number}. {code} {where}: {item.verdict} ({took})"]
    if item.made:
        lines.append(f"   made: {'; '.join(item.made)}")
    if item.missed:
        lines.append(f"   missed: {'; '.join(item.missed)}")
    return lines


def render_report(outcome: MockOutcome, topics: Topics) -> str:
    items, score = outcome.items, session_score(outcome.items)
    lines = [
        f"Mock interview report: {outcome.round.title} round ({_how_it_ended(outcome)}).",
        f"Score: {sum(map(item_score, items)):g} of {len(items)} ({score:.0%}).",
    ]
    by_topic: dict[str, list[float]] = defaultdict(list)
    for item in items:
        question = outcome.questions.get(item.question_id)
        if question is not None:
            by_topic[question.topic].append(item_score(item))
    lines.append(
        "By topic: "
        + " · ".join(f"{topics.title(topic)} {sum(s):g}/{len(s)}" for topic, s in by_topic.items())
    )
    lines.append("Questions (time to answer):")
    for number, item in enumerate(items, 1):
        lines += _item_line(number, item, outcome.questions.get(item.question_id), topics)
    weak = sorted((sum(s) / len(s), topic) for topic, s in by_topic.items() if sum(s) < len(s))
    if weak:
        lines.append(
            "Review next: "
            + ", ".join(topics.title(t) for _, t in weak[:3])
            + ". /prep review brings back the questions you missed."
        )
    else:
        lines.append("Review next: nothing from this mock; try a harder round or /prep quiz weak.")
    lines.append(_change(outcome, score))
    return "\n".join(lines)


def _change(outcome: MockOutcome, score: float) -> str:
    name = outcome.round.name
    before = outcome.previous
    if before is None or before.score is None:
        return f"This was your first {name} mock; the next one will show your change."
    points = round((score - before.score) * 100)
    when: datetime = before.started_at
    trend = "up" if points > 0 else "down" if points < 0 else "no change"
    return (
        f"Since your previous {name} mock ({when:%d %b}): {before.score:.0%} → {score:.0%} "
        f"({trend}{f' {abs(points)} points' if points else ''})."
    )
