"""What a Discord click costs through the real discord.py client, beside a bare discord.py floor.

    python -m benchmarks.discord_clicks [--rounds 120] [--runs 3] [--database-url URL]

The client runs in its own process (its CPU is read from /proc, so the fake Discord's own work
is not counted); this process is the fake Discord of the adapter tests: its gateway sends each
interaction as an INTERACTION_CREATE, and its REST routes take the replies. Each member repeats
`/prep quiz` (a private question card with answer buttons) and a click on the card's first
answer; the bot defers each (a private "thinking" placeholder), then edits the placeholder into
the card or the feedback. The floor, a bare discord.py client, defers every interaction and edits
in a constant embed. CPU is per interaction (quiz or click); click -> reply is from the gateway
sending the click to the edit arriving. Runs alternate floor and bot at 1, 10 and 50 members.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import floor_runs
from benchmarks.clicks import CONCURRENCY, cpu_seconds, spread
from benchmarks.common import percentile
from benchmarks.floor_runs import floor_and_bot
from benchmarks.grading_set import Target
from tests.adapters.discord.fake_discord import CHANNEL_ID, Call, FakeDiscord, FakeUser, Json

MAX_CPU_RATIO = 1.5
FIRST_MEMBER_ID = 720000000000000000
QUIZ: Json = {"id": "1", "name": "prep", "type": 1, "options": [{"name": "quiz", "type": 1, "options": []}]}
FLOOR_ID = "prep:ans:0:floor-question:A"


@dataclass
class ReplyClock(FakeDiscord):
    """The fake Discord, noting when each interaction's placeholder is edited into its reply."""

    waiting: dict[str, asyncio.Future[tuple[float, Json]]] = field(default_factory=dict)
    sending: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def _record(self, call: Call) -> None:
        if call.method == "PATCH" and call.path.endswith("/messages/@original"):
            future = self.waiting.pop(call.path.split("/")[3], None)
            if future is not None and not future.done():
                future.set_result((time.perf_counter(), call.data))

    async def dispatch(self, event: str, data: Json) -> None:
        async with self.sending:  # one frame at a time on the socket
            await super().dispatch(event, data)

    async def interact(self, kind: int, user: FakeUser, data: Json, **extra: Any) -> tuple[float, Json]:
        """Send an interaction; milliseconds until its reply arrived, and the reply."""
        payload = self.interaction(kind, user, data, **extra)
        future: asyncio.Future[tuple[float, Json]] = asyncio.get_running_loop().create_future()
        self.waiting[payload["token"]] = future
        began = time.perf_counter()
        await self.dispatch("INTERACTION_CREATE", payload)
        arrived, reply = await asyncio.wait_for(future, 30)
        return (arrived - began) * 1000, reply

    async def click(self, user: FakeUser, card: Json) -> float:
        """Click the first answer button under `card` (the floor's constant card has none)."""
        buttons = [b["custom_id"] for row in card.get("components", []) for b in row["components"]]
        custom_id = next((b for b in buttons if b.startswith("prep:ans:")), FLOOR_ID)
        button = {"type": 2, "style": 2, "label": custom_id[-1], "custom_id": custom_id}
        shown = {
            "flags": 64,
            "embeds": card.get("embeds", []),
            "components": [{"type": 1, "components": [button]}],
        }
        data = {"custom_id": custom_id, "component_type": 2}
        return (await self.interact(3, user, data, message=self.message(CHANNEL_ID, shown)))[0]


@dataclass
class Phase:
    members: int
    clicks: list[float] = field(default_factory=list)
    quizzes: list[float] = field(default_factory=list)
    cpu_s: float = 0.0
    wall_s: float = 0.0

    @property
    def cpu_ms_per_interaction(self) -> float:
        return self.cpu_s * 1000 / max(len(self.clicks) + len(self.quizzes), 1)


async def member_loop(fake: ReplyClock, user: FakeUser, rounds: int, phase: Phase) -> None:
    for _ in range(rounds):
        took, card = await fake.interact(2, user, QUIZ)
        phase.quizzes.append(took)
        phase.clicks.append(await fake.click(user, card))


async def measure(fake: ReplyClock, pid: int, total: int) -> list[Phase]:
    await member_loop(fake, FakeUser(FIRST_MEMBER_ID - 1, "warm"), 4, Phase(1))  # first-use costs out
    phases = []
    for count in CONCURRENCY:
        phase, rounds = Phase(count), max(4, total // count)
        users = [FakeUser(FIRST_MEMBER_ID + count * 1000 + n, f"member{n}") for n in range(count)]
        cpu, began = cpu_seconds(pid), time.perf_counter()
        await asyncio.gather(*(member_loop(fake, user, rounds, phase) for user in users))
        phase.wall_s, phase.cpu_s = time.perf_counter() - began, cpu_seconds(pid) - cpu
        phases.append(phase)
    return phases


async def start_client(
    which: str, fake: ReplyClock, folder: Path, database_url: str | None
) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.discord_servers",
        which,
        fake.api_url,
        fake.gateway_url,
        str(folder),
        *([database_url] if database_url else []),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    if (await asyncio.wait_for(process.stdout.readline(), 120)).strip() != b"ready":
        raise RuntimeError(f"the {which} client did not start")
    return process


async def one_run(which: str, folder: Path, total: int, database_url: str | None) -> list[Phase]:
    fake = ReplyClock()
    await fake.start()
    process = await start_client(which, fake, folder, database_url)
    try:
        return await measure(fake, process.pid, total)
    finally:
        process.terminate()
        await process.wait()
        await fake.stop()
        assert not fake.rejected, f"Discord would have refused: {fake.rejected[:3]}"


def table(results: dict[str, list[list[Phase]]], database: str = "SQLite") -> list[str | Target]:
    rows: list[str | Target] = [
        f"Discord clicks on {database} (discord.py, fake gateway), min / median / max over runs (ms)",
        f"  {'client':<6}{'members':>8}  {'CPU/interaction':>23}  {'click p50':>23}  {'click p99':>23}"
        f"  {'quiz p99':>23}  {'clicks/s':>23}",
    ]
    for which, runs in results.items():
        for index, count in enumerate(CONCURRENCY):
            phases = [run[index] for run in runs]
            rows.append(
                f"  {which:<6}{count:>8}  {spread([p.cpu_ms_per_interaction for p in phases])}"
                f"  {spread([percentile(p.clicks, 0.5) for p in phases])}"
                f"  {spread([percentile(p.clicks, 0.99) for p in phases])}"
                f"  {spread([percentile(p.quizzes, 0.99) for p in phases])}"
                f"  {spread([len(p.clicks) / p.wall_s for p in phases])}"
            )
    bot_cpu = statistics.median(run[-1].cpu_ms_per_interaction for run in results["bot"])
    floor_cpu = statistics.median(run[-1].cpu_ms_per_interaction for run in results["floor"])
    ratio = bot_cpu / floor_cpu
    on = "" if database == "SQLite" else f" on {database}"
    return [
        *rows,
        Target(
            f"Discord click CPU per interaction, bot / floor{on}",
            round(ratio, 2),
            f"<= {MAX_CPU_RATIO}",
            ratio <= MAX_CPU_RATIO,
            unit="x",
        ),
    ]


async def run(
    folder: Path, total: int = 120, runs: int = 3, database_url: str | None = None
) -> list[str | Target]:
    """On a temporary SQLite file, or on a new database of `database_url`'s server for each run."""
    results = await floor_and_bot(folder, total, runs, database_url, one_run)
    return table(results, "PostgreSQL" if database_url else "SQLite")


if __name__ == "__main__":
    floor_runs.main(__doc__, run)
