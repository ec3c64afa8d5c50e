"""Real `prepbot` processes for the operations tests: started, watched line by line, signalled."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

PREPBOT = str(Path(sys.executable).with_name("prepbot"))
WAIT = 15.0


def environment(extra: dict[str, str]) -> dict[str, str]:
    """The test's environment without any prepbot, Discord or Slack setting, plus `extra`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PREPBOT_", "DISCORD_", "SLACK_"))}
    return clean | extra


def prepbot(
    *args: str, env: dict[str, str], stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PREPBOT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment(env),
        cwd=cwd,
        timeout=60,
    )


class Bot:
    """A running `prepbot run`; stdout and stderr are collected as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.out: list[str] = []
        self.err: list[str] = []
        self._changed = asyncio.Condition()
        self._ended = 0
        assert process.stdout is not None and process.stderr is not None
        self._readers = [
            asyncio.create_task(self._collect(process.stdout, self.out)),
            asyncio.create_task(self._collect(process.stderr, self.err)),
        ]

    @classmethod
    async def start(cls, env: dict[str, str], cwd: Path, *args: str) -> Bot:
        process = await asyncio.create_subprocess_exec(
            PREPBOT,
            "run",
            *args,
            env=environment(env),
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        return cls(process)

    async def _collect(self, stream: asyncio.StreamReader, into: list[str]) -> None:
        async for raw in stream:
            async with self._changed:
                into.append(raw.decode("utf-8", "replace"))
                self._changed.notify_all()
        async with self._changed:
            self._ended += 1
            self._changed.notify_all()

    @property
    def stderr(self) -> str:
        return "".join(self.err)

    @property
    def stdout(self) -> str:
        return "".join(self.out)

    async def wait_for(self, text: str, *, stream: str = "err", timeout: float = WAIT) -> str:
        """The first line containing `text`, waiting (bounded) for it to be printed."""
        lines = self.err if stream == "err" else self.out

        def found() -> str | None:
            return next((line for line in lines if text in line), None)

        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: found() is not None or self._ended == 2)
        except TimeoutError:
            raise AssertionError(f"no {text!r} within {timeout} s; stderr:\n{self.stderr}") from None
        line = found()
        assert line is not None, f"prepbot exited ({self.process.returncode}) before {text!r}:\n{self.stderr}"
        return line

    async def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    async def exit_code(self, timeout: float) -> int:
        async with asyncio.timeout(timeout):
            code = await self.process.wait()
            await asyncio.gather(*self._readers)
        return code

    async def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        for reader in self._readers:
            reader.cancel()
        await asyncio.gather(*self._readers, return_exceptions=True)
