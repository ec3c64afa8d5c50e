"""What a Slack click costs through the real HTTP stack, beside a minimal Bolt app (the floor).

    python -m benchmarks.clicks [--rounds 120] [--runs 3] [--database-url URL]

The server runs in its own process (its CPU is read from /proc), served over HTTP as in
production; members send signed requests from this process, and the mock Slack here receives
the replies on their response_urls. Each member repeats: `/prep quiz` (a question with buttons),
a click on an answer button, and every fourth round `/prep leaderboard` and `/prep stats`.
The floor acknowledges every request and replies with a constant through Bolt's `respond`.

Click -> feedback is from sending the click to the reply arriving at its response_url; ack is the
HTTP response to the click. Runs alternate floor and bot, each at 1, 10 and 50 members. With
--database-url (PostgreSQL), each bot run gets a new database on that server, dropped after it.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks import floor_runs
from benchmarks.common import percentile
from benchmarks.floor_runs import floor_and_bot
from benchmarks.grading_set import Target
from tests.adapters.slack.mock_slack import Call, MockSlack
from tests.adapters.slack.slack_client import SIGNING_SECRET, action_payload, command_body, free_port, sign

CONCURRENCY = (1, 10, 50)
MAX_CPU_RATIO = 1.5
MAX_ACK_P99_MS = 20.0
MIN_CLICKS_PER_S = 600.0
FLOOR_BUTTON = {"action_id": "prep_choice_A", "value": "0|floor-question|A"}


class ReplyClock(MockSlack):
    """The mock Slack, noting when each response_url hook receives its reply."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: dict[str, asyncio.Future[tuple[float, Call]]] = {}

    async def _record(self, call: Call) -> None:
        future = self.waiting.pop(call.headers.get("hook", ""), None)
        if future is not None and not future.done():
            future.set_result((time.perf_counter(), call))
        if call.error is not None:
            self.invalid.append(call)

    def expect(self) -> tuple[str, asyncio.Future[tuple[float, Call]]]:
        url = self.response_url()
        future: asyncio.Future[tuple[float, Call]] = asyncio.get_running_loop().create_future()
        self.waiting[url.rsplit("/", 1)[1]] = future
        return url, future


@dataclass
class Phase:
    members: int
    clicks: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    quizzes: list[float] = field(default_factory=list)
    boards: list[float] = field(default_factory=list)
    stats: list[float] = field(default_factory=list)
    requests: int = 0
    cpu_s: float = 0.0
    wall_s: float = 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return self.cpu_s * 1000 / max(self.requests, 1)


class Members:
    def __init__(self, mock: ReplyClock, url: str, session: aiohttp.ClientSession) -> None:
        self.mock, self.url, self.session = mock, url, session

    async def _post(self, body: str, content_type: str) -> float:
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(body, stamp, SIGNING_SECRET),
        }
        began = time.perf_counter()
        async with self.session.post(self.url, data=body.encode(), headers=headers) as response:
            await response.read()
            assert response.status == 200, response.status
        return began

    async def command(self, user: str, text: str) -> tuple[float, Call]:
        from urllib.parse import urlencode

        url, future = self.mock.expect()
        body = command_body(self.mock, text, user=user, name=user.lower()) | {"response_url": url}
        began = await self._post(urlencode(body), "application/x-www-form-urlencoded")
        arrived, call = await asyncio.wait_for(future, 30)
        return (arrived - began) * 1000, call

    async def click(self, user: str, button: dict[str, Any]) -> tuple[float, float]:
        from urllib.parse import urlencode

        url, future = self.mock.expect()
        action = {"action_id": button["action_id"], "value": button["value"]}
        payload = action_payload(self.mock, action, user=user, name=user.lower()) | {"response_url": url}
        body = urlencode({"payload": json.dumps(payload)})
        began = await self._post(body, "application/x-www-form-urlencoded")
        acked = time.perf_counter()
        arrived, _ = await asyncio.wait_for(future, 30)
        return (arrived - began) * 1000, (acked - began) * 1000


def first_button(call: Call) -> dict[str, Any]:
    for block in call.body.get("blocks", []):
        if block.get("type") == "actions":
            return dict(block["elements"][0])
    return FLOOR_BUTTON


async def member_loop(members: Members, user: str, rounds: int, phase: Phase) -> None:
    for index in range(rounds):
        took, quiz = await members.command(user, "quiz")
        phase.quizzes.append(took)
        click, ack = await members.click(user, first_button(quiz))
        phase.clicks.append(click)
        phase.acks.append(ack)
        phase.requests += 2
        if index % 4 == 3:
            phase.boards.append((await members.command(user, "leaderboard"))[0])
            phase.stats.append((await members.command(user, "stats"))[0])
            phase.requests += 2


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(mock: ReplyClock, port: int, pid: int, total: int) -> list[Phase]:
    phases = []
    url = f"http://127.0.0.1:{port}/slack/events"
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as session:
        members = Members(mock, url, session)
        await member_loop(members, "UWARM", 4, Phase(1))  # first-use costs out of the figures
        for count in CONCURRENCY:
            phase = Phase(count)
            rounds = max(4, total // count)
            cpu, began = cpu_seconds(pid), time.perf_counter()
            users = [f"U{count:02d}M{index:03d}" for index in range(count)]
            await asyncio.gather(*(member_loop(members, user, rounds, phase) for user in users))
            phase.wall_s, phase.cpu_s = time.perf_counter() - began, cpu_seconds(pid) - cpu
            phases.append(phase)
    return phases


async def start_server(
    which: str, mock: ReplyClock, folder: Path, database_url: str | None
) -> tuple[asyncio.subprocess.Process, int]:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.click_servers",
        which,
        str(port),
        mock.api_url,
        str(folder),
        *([database_url] if database_url else []),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    if (await asyncio.wait_for(process.stdout.readline(), 120)).strip() != b"ready":
        raise RuntimeError(f"the {which} server did not start")
    return process, port


async def one_run(which: str, folder: Path, total: int, database_url: str | None) -> list[Phase]:
    mock = ReplyClock()
    await mock.start()
    for count in CONCURRENCY:
        for index in range(count):
            mock.add_user(f"U{count:02d}M{index:03d}", f"member{index}")
    mock.add_user("UWARM", "warm")
    process, port = await start_server(which, mock, folder, database_url)
    try:
        return await measure(mock, port, process.pid, total)
    finally:
        process.terminate()
        await process.wait()
        await mock.stop()
        assert not mock.invalid, [c.error for c in mock.invalid]


def spread(values: list[float]) -> str:
    return f"{min(values):7.2f} {statistics.median(values):7.2f} {max(values):7.2f}"


def table(results: dict[str, list[list[Phase]]], database: str = "SQLite") -> list[str | Target]:
    rows: list[str | Target] = [
        f"Slack HTTP clicks on {database}, min / median / max over runs (ms unless named)",
        f"  {'server':<6}{'members':>8}  {'CPU/request':>23}  {'click p50':>23}  {'click p99':>23}"
        f"  {'ack p99':>23}  {'clicks/s':>23}",
    ]
    for which, runs in results.items():
        for index, count in enumerate(CONCURRENCY):
            phases = [run[index] for run in runs]
            rows.append(
                f"  {which:<6}{count:>8}  {spread([p.cpu_ms_per_request for p in phases])}"
                f"  {spread([percentile(p.clicks, 0.5) for p in phases])}"
                f"  {spread([percentile(p.clicks, 0.99) for p in phases])}"
                f"  {spread([percentile(p.acks, 0.99) for p in phases])}"
                f"  {spread([len(p.clicks) / p.wall_s for p in phases])}"
            )
    for name, kept in (("quiz", "quizzes"), ("leaderboard", "boards"), ("stats", "stats")):
        for index, count in enumerate(CONCURRENCY):
            samples: list[list[float]] = [getattr(run[index], kept) for run in results["bot"]]
            rows.append(
                f"  bot /prep {name:<12} {count:>3} members  p50 "
                f"{spread([percentile(s, 0.5) for s in samples])}"
                f"  p99 {spread([percentile(s, 0.99) for s in samples])}"
            )
    bot_cpu = statistics.median(run[-1].cpu_ms_per_request for run in results["bot"])
    floor_cpu = statistics.median(run[-1].cpu_ms_per_request for run in results["floor"])
    ratio = bot_cpu / floor_cpu
    ack = statistics.median(percentile(run[1].acks, 0.99) for run in results["bot"])
    # requests a core can answer: two per answered click (the quiz and the click)
    capacity = 1000 / (2 * bot_cpu)
    on = "" if database == "SQLite" else f" on {database}"
    return [
        *rows,
        Target(
            f"Slack click CPU per request, bot / floor{on}",
            round(ratio, 2),
            f"<= {MAX_CPU_RATIO}",
            ratio <= MAX_CPU_RATIO,
            unit="x",
        ),
        Target(
            f"Slack ack p99 at 10 members{on} (ms)",
            round(ack, 1),
            f"<= {MAX_ACK_P99_MS:g}",
            ack <= MAX_ACK_P99_MS,
            unit="ms",
        ),
        Target(
            f"answered clicks/s per process{on} (from CPU)",
            round(capacity),
            f">= {MIN_CLICKS_PER_S:g}",
            capacity >= MIN_CLICKS_PER_S,
            unit="/s",
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
