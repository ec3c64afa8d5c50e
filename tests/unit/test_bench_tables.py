"""The benchmark tables: a target is marked missed exactly when its figure is past the goal."""

from __future__ import annotations

from benchmarks.clicks import CONCURRENCY, Phase, table
from benchmarks.discord_clicks import Phase as DiscordPhase
from benchmarks.discord_clicks import table as discord_table
from benchmarks.grading_set import Target


def phase(members: int, cpu_ms: float, ack_ms: float) -> Phase:
    return Phase(
        members,
        clicks=[5.0, 6.0],
        acks=[ack_ms, ack_ms],
        quizzes=[5.0],
        boards=[4.0],
        stats=[6.0],
        requests=100,
        cpu_s=cpu_ms * 100 / 1000,
        wall_s=1.0,
    )


def targets(bot_cpu_ms: float, ack_ms: float) -> dict[str, Target]:
    results = {
        "floor": [[phase(n, 1.0, 2.0) for n in CONCURRENCY]],
        "bot": [[phase(n, bot_cpu_ms, ack_ms) for n in CONCURRENCY]],
    }
    return {row.name: row for row in table(results) if isinstance(row, Target)}


def test_a_click_within_the_floor_budget_passes_every_target() -> None:
    rows = targets(bot_cpu_ms=0.8, ack_ms=3.0)
    assert all(row.met for row in rows.values())
    assert rows["Slack click CPU per request, bot / floor"].value == 0.8
    assert rows["answered clicks/s per process (from CPU)"].value == 625


def test_a_costly_click_and_a_slow_ack_are_missed() -> None:
    rows = targets(bot_cpu_ms=4.0, ack_ms=25.0)
    assert not rows["Slack click CPU per request, bot / floor"].met
    assert not rows["Slack ack p99 at 10 members (ms)"].met
    assert not rows["answered clicks/s per process (from CPU)"].met


def discord_phase(members: int, cpu_ms: float) -> DiscordPhase:
    return DiscordPhase(members, clicks=[5.0, 6.0], quizzes=[7.0, 8.0], cpu_s=cpu_ms * 4 / 1000, wall_s=1.0)


def discord_ratio(bot_cpu_ms: float) -> Target:
    results = {
        "floor": [[discord_phase(n, 1.0) for n in CONCURRENCY]],
        "bot": [[discord_phase(n, bot_cpu_ms) for n in CONCURRENCY]],
    }
    [row] = [row for row in discord_table(results) if isinstance(row, Target)]
    return row


def test_a_discord_click_is_missed_past_one_and_a_half_times_the_floor_cpu() -> None:
    assert discord_ratio(1.5).met and discord_ratio(1.5).value == 1.5
    assert not discord_ratio(1.6).met
