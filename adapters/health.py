"""`prepbot health` and the heartbeat file it reads.

`prepbot health` runs as its own process (a container HEALTHCHECK), so it cannot ask the bot's
clients whether they are connected. The running bot therefore writes a small JSON heartbeat
(`PREPBOT_HEALTH_FILE`, default `data/heartbeat.json`) every few seconds: each platform's
`connected` flag, its state and a timestamp. A file, not a database row, because:
- health is a property of one process in one container, and the file lives next to it (the data
  volume) with no key to invent for hosts, replicas or shards;
- writing a row every few seconds would add constant write traffic (and SQLite lock contention)
  to the database that members' answers go to, and a schema migration for an operational detail;
- if the bot hangs, the file goes stale, and a stale heartbeat counts as unhealthy.
The database is checked directly (`SELECT 1`), since health must say whether it answers, and
with a write that is rolled back, since a read-only database (a replica after a failover, a
read-only volume) answers reads while every answer members give fails.
With no platform configured (the console), health is just that database check.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.errors import DatabaseUnavailable
from bot.settings import Settings
from bot.storage.engine import create_engine, masked, normalise_url
from bot.storage.tables import platform_state

log = logging.getLogger("prepbot.health")

HEARTBEAT_EVERY = 5.0
STALE_AFTER = 30.0
DATABASE_TIMEOUT = 5.0


def configured_platforms(settings: Settings) -> list[str]:
    return [
        name
        for name, enabled in (("discord", settings.discord_enabled), ("slack", settings.slack_enabled))
        if enabled
    ]


def write_heartbeat(path: Path, platforms: Mapping[str, bool], state: str = "running") -> None:
    """Replace the file atomically, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"pid": os.getpid(), "state": state, "updated": time.time(), "platforms": dict(platforms)}
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(body), encoding="utf-8")
    os.replace(partial, path)


class Heartbeat:
    """Writes the heartbeat every `every` seconds from the running bot's event loop."""

    def __init__(
        self, path: Path, connected: Callable[[], Mapping[str, bool]], *, every: float = HEARTBEAT_EVERY
    ) -> None:
        self.path = path
        self.connected = connected
        self.every = every
        self.state = "running"
        self._task: asyncio.Task[None] | None = None

    def beat(self) -> Mapping[str, bool]:
        flags = self.connected()
        try:
            write_heartbeat(self.path, flags, self.state)
        except OSError as error:
            log.warning("could not write the heartbeat file %s: %s", self.path, error)
        return flags

    async def _loop(self) -> None:
        while True:
            flags = self.beat()
            # Every second while connecting, so health turns green soon after start-up.
            await asyncio.sleep(self.every if flags and all(flags.values()) else min(self.every, 1.0))

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="heartbeat")

    def stopping(self) -> None:
        self.state = "stopping"
        self.beat()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Health:
    ok: bool
    reason: str

    def line(self) -> str:
        return f"{'healthy' if self.ok else 'unhealthy'}: {self.reason}"


async def database_answers(settings: Settings) -> str | None:
    """None when `SELECT 1` succeeds, else a one-line reason naming the masked URL."""
    try:
        url = normalise_url(settings.database_url)
        database = url.database or ""
        if (
            url.get_backend_name() == "sqlite"
            and database not in ("", ":memory:")
            and not database.startswith("file:")
            and not Path(database).expanduser().exists()
        ):
            return f"database {masked(settings.database_url)} does not exist"
        engine = create_engine(settings.database_url)
    except DatabaseUnavailable as error:
        return error.message
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            if await refuses_writes(connection):
                return f"database {masked(settings.database_url)} is read-only"
    except TimeoutError:
        return f"database {masked(settings.database_url)} did not answer within {DATABASE_TIMEOUT:.0f} s"
    except Exception as error:  # drivers raise their own types
        first = (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]
        return f"database {masked(settings.database_url)} does not answer: {first or type(error).__name__}"
    finally:
        await engine.dispose()
    return None


READ_ONLY = ("readonly", "read-only", "read only")


async def refuses_writes(connection: AsyncConnection) -> bool:
    """Insert a row no one reads and roll it back: True if the database refuses the write
    because it is read-only (other failures, e.g. a database not yet migrated, are not this
    check's to report)."""
    probe = platform_state.insert().values(key=f"health-probe-{os.getpid()}-{time.time_ns()}", value="")
    try:
        await connection.execute(probe)
    except Exception as error:  # drivers raise their own types
        log.debug("the health write probe failed", exc_info=error)
        return any(marker in str(error).lower() for marker in READ_ONLY)
    finally:
        await connection.rollback()
    return False


def platforms_connected(settings: Settings, now: float | None = None) -> str | None:
    """None when every configured platform is connected per a fresh heartbeat, else why not."""
    wanted = configured_platforms(settings)
    if not wanted:
        return None
    path = settings.health_file
    try:
        beat = json.loads(path.read_text(encoding="utf-8"))
        age = (now if now is not None else time.time()) - float(beat["updated"])
        flags = dict(beat["platforms"])
        state = str(beat.get("state", "running"))
    except FileNotFoundError:
        return f"no heartbeat at {path}: is `prepbot run` running?"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"unreadable heartbeat {path}: {error}"
    if age > STALE_AFTER:
        return f"heartbeat {path} is {age:.0f} s old (the bot is stuck or stopped)"
    if state != "running":
        return f"the bot is {state}"
    down = [name for name in wanted if not flags.get(name)]
    if down:
        return f"{', '.join(down)} not connected"
    return None


async def check(settings: Settings) -> Health:
    problem = await database_answers(settings) or platforms_connected(settings)
    if problem:
        return Health(False, problem)
    platforms = configured_platforms(settings)
    connected = f"; {', '.join(platforms)} connected" if platforms else ""
    return Health(True, f"database answers{connected}")
