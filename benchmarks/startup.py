"""Start-up: `prepbot run` ready to answer, its idle memory, and `prepbot health`.

    python -m benchmarks.startup [--runs 3]

Each figure is a fresh process (min/median/max over alternating runs):
- ready: from spawning `prepbot run` (console, commands piped in) to its first reply, with the
  shipped bank and with a bank 100x larger generated here (copies of the shipped packs);
- idle RSS: `prepbot run` with Discord and Slack (HTTP mode) configured, their APIs pointed at a
  closed local port so every network call is refused; read from /proc after it settles;
- health: `prepbot health` on the same database (the container's HEALTHCHECK every 30 s).
A warm-up start with each bank comes first: it migrates the database and keeps the parsed packs
(PREPBOT_CACHE_DIR), as the first start after any content change does.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.grading_set import Target
from bot.bank import BUNDLED_CONTENT

READY_SHIPPED_S = 1.5
READY_LARGE_S = 5.0
IDLE_RSS_MB = 120.0
BANK_COPIES = 99  # with the shipped packs: a bank 100x today's
SETTLE_S = 4.0


def write_large_bank(folder: Path, copies: int = BANK_COPIES) -> Path:
    """Copies of every shipped pack, with their own pack names and question ids."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(BUNDLED_CONTENT.glob("*.yaml")):
        pack = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        pack.pop("topics", None)
        for copy in range(copies):
            questions = [question | {"id": f"{question['id']}-c{copy}"} for question in pack["questions"]]
            body = pack | {"pack": f"{pack['pack']}-c{copy}", "questions": questions}
            target = folder / f"{path.stem}-c{copy}.yaml"
            target.write_text(yaml.dump(body, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
    return folder


def _env(folder: Path, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PREPBOT_", "DISCORD_", "SLACK_"))}
    return (
        keep
        | {
            "PREPBOT_DATABASE_URL": f"sqlite:///{folder / 'bot.db'}",
            "PREPBOT_HEALTH_FILE": str(folder / "heartbeat.json"),
            "PREPBOT_LOG_LEVEL": "WARNING",
            "PREPBOT_IMAGES": "false",
        }
        | extra
    )


def _prepbot() -> list[str]:
    return [sys.executable, "-m", "adapters.cli"]


def time_to_first_reply(folder: Path, **extra: str) -> float:
    """Seconds from spawning `prepbot run` to the first line it prints in answer to a command."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [*_prepbot(), "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_env(folder, **extra),
        cwd=folder,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"/prep help\n")
    process.stdin.flush()
    line = process.stdout.readline()
    elapsed = time.perf_counter() - began
    process.stdin.close()
    process.stdout.read()
    process.wait(timeout=30)
    if not line:
        raise RuntimeError("prepbot run printed nothing")
    return elapsed


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def idle_rss_mb(folder: Path) -> float:
    """Resident memory of `prepbot run` with both platforms configured and the network refused."""
    refused = f"http://127.0.0.1:{_closed_port()}"
    process = subprocess.Popen(
        [*_prepbot(), "run"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(
            folder,
            DISCORD_TOKEN="bench.token.value",
            DISCORD_API_URL=f"{refused}/api/v10",
            DISCORD_GATEWAY_URL=f"ws://127.0.0.1:{_closed_port()}/",
            SLACK_BOT_TOKEN="xoxb-bench",
            SLACK_SIGNING_SECRET="bench-secret",
            SLACK_API_URL=f"{refused}/api/",
            PREPBOT_HTTP_PORT=str(_closed_port()),
        ),
        cwd=folder,
    )
    try:
        time.sleep(SETTLE_S)
        if process.poll() is not None:
            raise RuntimeError(f"prepbot run exited with {process.returncode} before settling")
        status = Path(f"/proc/{process.pid}/status").read_text(encoding="utf-8")
        kilobytes = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    finally:
        process.terminate()
        process.wait(timeout=15)
    return kilobytes / 1024


def health_seconds(folder: Path) -> float:
    began = time.perf_counter()
    subprocess.run([*_prepbot(), "health"], env=_env(folder), cwd=folder, capture_output=True, check=False)
    return time.perf_counter() - began


def spread(samples: list[float], unit: str) -> str:
    return f"{min(samples):.2f} / {statistics.median(samples):.2f} / {max(samples):.2f} {unit}"


def run(folder: Path, runs: int = 3) -> list[str | Target]:
    """Alternates the measurements, so the machine's load falls on each alike."""
    large = write_large_bank(folder / "large")
    shipped_dir = large_dir = folder / "run"  # one database: the bank is not stored in it
    shipped_dir.mkdir(parents=True, exist_ok=True)
    samples: dict[str, list[float]] = {"shipped": [], "large": [], "rss": [], "health": []}
    time_to_first_reply(shipped_dir)  # creates and migrates the database once
    time_to_first_reply(large_dir, PREPBOT_CONTENT_DIR=str(large))  # as after any content change
    for _ in range(runs):
        samples["shipped"].append(time_to_first_reply(shipped_dir))
        samples["large"].append(time_to_first_reply(large_dir, PREPBOT_CONTENT_DIR=str(large)))
        samples["rss"].append(idle_rss_mb(shipped_dir))
        samples["health"].append(health_seconds(shipped_dir))
    questions = sum(
        len(yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)["questions"])
        for p in BUNDLED_CONTENT.glob("*.yaml")
    )
    ready, ready_large = statistics.median(samples["shipped"]), statistics.median(samples["large"])
    rss = statistics.median(samples["rss"])
    return [
        f"start-up, min / median / max of {runs} runs (shipped bank: {questions} questions)",
        f"  prepbot run ready, shipped bank      {spread(samples['shipped'], 's')}",
        f"  prepbot run ready, 100x bank         {spread(samples['large'], 's')}",
        f"  idle RSS, Discord + Slack            {spread(samples['rss'], 'MB')}",
        f"  prepbot health                       {spread(samples['health'], 's')}",
        Target(
            "prepbot run ready, shipped bank (s)",
            round(ready, 2),
            f"<= {READY_SHIPPED_S}",
            ready <= READY_SHIPPED_S,
            unit="s",
        ),
        Target(
            "prepbot run ready, 100x bank (s)",
            round(ready_large, 2),
            f"<= {READY_LARGE_S}",
            ready_large <= READY_LARGE_S,
            unit="s",
        ),
        Target(
            "idle RSS with Discord + Slack (MB)",
            round(rss, 1),
            f"<= {IDLE_RSS_MB:g}",
            rss <= IDLE_RSS_MB,
            unit="MB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for row in run(Path(tmp), args.runs):
            print(row.line() if isinstance(row, Target) else row, flush=True)


if __name__ == "__main__":
    main()
