"""The summary table `prepbot content check` prints: counts by topic, kind and difficulty."""

from __future__ import annotations

from collections import Counter

from bot.bank import QuestionBank
from bot.models import Difficulty, Kind

COLUMNS = [*(k.value for k in Kind), *(d.value for d in Difficulty), "total"]


def summary_table(bank: QuestionBank) -> str:
    cells: dict[str, Counter[str]] = {}
    for question in bank.questions.values():
        row = cells.setdefault(question.topic, Counter())
        row[question.kind.value] += 1
        row[question.difficulty.value] += 1
        row["total"] += 1
    width = max([len("topic"), *(len(t) for t in cells)]) + 2
    lines = ["topic".ljust(width) + "".join(c.rjust(8) for c in COLUMNS)]
    overall: Counter[str] = Counter()
    for topic in bank.topics.ids:
        if topic in cells:
            overall.update(cells[topic])
            lines.append(topic.ljust(width) + "".join(str(cells[topic][c]).rjust(8) for c in COLUMNS))
    lines.append("all".ljust(width) + "".join(str(overall[c]).rjust(8) for c in COLUMNS))
    return "\n".join(lines)
