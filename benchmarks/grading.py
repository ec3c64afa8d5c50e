"""Grades the labelled evaluation set and prints how the grader does against its targets.

    python -m benchmarks.grading [--show-misses] [--rounds 5]

Prints a confusion table per question kind (expected label x verdict, or re-prompt when the
grader declines to grade), the same by answer category, the target figures with PASS/MISS and the
built-in grader's latency per answer. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable

from benchmarks.common import latency_row, percentile
from benchmarks.grading_set import (
    LABELS,
    OUTCOMES,
    Answer,
    EvalSetError,
    Outcome,
    Target,
    figures,
    load_answers,
    score,
)
from bot.grading import grade
from bot.models import Kind

LATENCY_P99_MS = 5.0


def _row(label: str, tally: Counter[str], width: int) -> str:
    total = sum(tally.values())
    return f"  {label:<{width}}" + "".join(f"{tally[o]:>10}" for o in OUTCOMES) + f"{total:>8}"


def confusion(outcomes: list[Outcome]) -> list[str]:
    lines: list[str] = []
    head = "".join(f"{o:>10}" for o in OUTCOMES) + f"{'total':>8}"
    for kind in Kind:
        mine = [o for o in outcomes if o.answer.kind == kind]
        lines += [
            "",
            f"{kind.value} answers: expected (rows) x graded (columns)",
            f"  {'expected':<10}{head}",
        ]
        for label in LABELS[kind]:
            lines.append(_row(label, Counter(o.got for o in mine if o.answer.expect == label), 10))
    return lines


def by_category(outcomes: list[Outcome]) -> list[str]:
    head = "".join(f"{o:>10}" for o in OUTCOMES) + f"{'total':>8}{'misses':>8}"
    lines = ["", "by category: kind / category / expected (rows) x graded (columns)", f"  {'':<36}{head}"]
    groups: dict[tuple[str, str, str], list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault((o.answer.kind.value, o.answer.category, o.answer.expect), []).append(o)
    for key in sorted(groups):
        group = groups[key]
        misses = sum(o.miss for o in group)
        lines.append(_row(" / ".join(key), Counter(o.got for o in group), 36) + f"{misses:>8}")
    return lines


def misses(outcomes: list[Outcome]) -> list[str]:
    wrong = [o for o in outcomes if o.miss]
    lines = ["", f"misgraded answers: {len(wrong)}"]
    for o in wrong:
        a = o.answer
        lines.append(
            f"  [{a.kind.value}/{a.category}] {a.question.id}: expected {a.expect}, got {o.got}: {a.text!r}"
        )
    return lines


def latency(answers: list[Answer], rounds: int) -> list[float]:
    """Milliseconds per grade() call, every answer graded `rounds` times."""
    samples: list[float] = []
    for _ in range(rounds):
        for a in answers:
            began = time.perf_counter()
            grade(a.question, a.text)
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def latency_target(samples: list[float]) -> Target:
    p99 = percentile(samples, 0.99)
    return Target(
        "grading latency p99 per answer (ms)", round(p99, 3), "< 5 ms", p99 < LATENCY_P99_MS, unit="ms"
    )


def run(rounds: int = 3) -> list[str | Target]:
    """Rows for `benchmarks.run`'s table: grading latency, then each target on the labelled set."""
    answers = load_answers()
    samples = latency(answers, rounds)
    return [
        latency_row(f"grade() per answer ({len(answers)} labelled)", samples),
        *figures(score(answers, grade)),
        latency_target(samples),
    ]


def count_lines(answers: Iterable[Answer]) -> list[str]:
    tally = Counter((a.kind, a.expect) for a in answers)
    parts = [
        f"{kind.value}: " + ", ".join(f"{tally[kind, label]} {label}" for label in LABELS[kind])
        for kind in Kind
    ]
    return [f"labelled answers: {sum(tally.values())} ({'; '.join(parts)})"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show-misses", action="store_true", help="list every misgraded answer")
    parser.add_argument("--rounds", type=int, default=5, help="times each answer is graded for latency")
    args = parser.parse_args(argv)
    try:
        answers = load_answers()
    except EvalSetError as error:
        print(f"evaluation set is broken: {error}", file=sys.stderr)
        return 2
    outcomes = score(answers, grade)
    samples = latency(answers, args.rounds)
    targets = [*figures(outcomes), latency_target(samples)]
    lines = [*count_lines(answers), *confusion(outcomes), *by_category(outcomes), "", "targets"]
    lines += [f"  {t.line()}" for t in targets]
    lines += [
        "",
        f"built-in grader latency per answer ({len(samples)} calls): "
        f"p50 {statistics.median(samples):.3f} ms, p99 {percentile(samples, 0.99):.3f} ms",
    ]
    if args.show_misses:
        lines += misses(outcomes)
    print("\n".join(lines))
    missed = [t.name for t in targets if not t.met]
    if missed:
        print(f"\n{len(missed)} target(s) missed: {'; '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
