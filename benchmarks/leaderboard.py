"""Leaderboard reads (top 10 + the caller's rank) with many members and a long answer history."""

from __future__ import annotations

import random
import sqlite3
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import latency_row, write_synthetic_bank
from bot.bootstrap import build_core
from bot.commands import Period
from bot.models import Member
from bot.scopes import BoardScope
from bot.settings import Settings
from bot.storage.writes import topic_scope

COMMUNITY = "bench:g"
POINTS = {"easy": 10, "medium": 20, "hard": 30}


def fill(
    path: Path, questions: list[tuple[str, str, str]], members: int, answers: int, now: datetime
) -> None:
    """Bulk-load members, attempts and the running totals the bot would have kept."""
    rng = random.Random(11)
    week, month = BoardScope.for_period(Period.WEEK, now), BoardScope.for_period(Period.MONTH, now)
    scopes = ("all", week.key, month.key)
    assert week.start is not None and month.start is not None
    week_start = datetime.combine(week.start, datetime.min.time())
    month_start = datetime.combine(month.start, datetime.min.time())
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO members (id, community, user_id, display_name, streak, "
            "best_streak) VALUES (?, ?, ?, ?, 0, 0)",
            ((i, COMMUNITY, f"u{i}", f"Member {i}") for i in range(1, members + 1)),
        )
        rows = []
        scored: set[tuple[int, str]] = set()
        for index in range(answers):
            member = rng.randint(1, members)
            question, topic, difficulty = questions[index % len(questions)]
            first = (member, question) not in scored
            scored.add((member, question))
            correct = rng.random() < 0.6
            points = POINTS[difficulty] if correct and first else 0
            at = now - timedelta(minutes=rng.randint(0, 60 * 24 * 120))
            rows.append(
                (
                    member,
                    COMMUNITY,
                    question,
                    topic,
                    "B",
                    "correct" if correct else "wrong",
                    points,
                    int(first),
                    at.replace(tzinfo=None).isoformat(sep=" "),
                )
            )
            if not first:
                continue
            for scope, start in zip(scopes, (None, week_start, month_start), strict=True):
                if start is None or at.replace(tzinfo=None) >= start:
                    for key in (scope, topic_scope(scope, topic)):
                        totals[(member, key)][0] += points
                        totals[(member, key)][1] += int(correct)
        db.executemany(
            "INSERT INTO attempts (member_id, community, question_id, topic, response, "
            "verdict, points, scored, answered_at) VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.executemany(
            "INSERT INTO totals (member_id, scope, community, points, correct) VALUES (?, ?, ?, ?, ?)",
            ((m, s, COMMUNITY, p, c) for (m, s), (p, c) in totals.items()),
        )
        db.execute("ANALYZE")


async def run(folder: Path, members: int, answers: int, calls: int) -> list[str]:
    settings = Settings(
        bundled_questions=False,
        content_dir=write_synthetic_bank(folder / "content"),
        database_url=f"sqlite:///{folder / 'board.db'}",
    )
    now = datetime.now(UTC)
    core = await build_core(settings)
    questions = [(q.id, q.topic, q.difficulty.value) for q in core.bank.questions.values()]
    await core.close()
    started = time.perf_counter()
    fill(folder / "board.db", questions, members, answers, now)
    load_seconds = time.perf_counter() - started
    core = await build_core(settings)
    rng = random.Random(3)
    lines = [f"(loaded {members:,} members and {answers:,} answers in {load_seconds:.0f} s)"]
    try:
        topic = next(iter(core.bank.questions.values())).topic
        for period, by_topic in ((p, t) for t in (None, topic) for p in ("week", "month", "all")):
            samples = []
            for _ in range(calls):
                caller = Member(platform="bench", community_id="g", user_id=f"u{rng.randint(1, members)}")
                began = time.perf_counter()
                board = await core.service.leaderboard(caller, period, by_topic)
                samples.append((time.perf_counter() - began) * 1000)
                assert len(board.rows) == 10
            label = f"leaderboard {period}{' by topic' if by_topic else ''} (top 10 + caller's rank)"
            lines.append(latency_row(label, samples))
    finally:
        await core.close()
    return lines
