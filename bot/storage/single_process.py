"""One `prepbot run` per SQLite file: a second one is refused instead of racing the first.

The lock is an exclusive `flock` on a file beside the database, held while the process runs
and released by the operating system when it ends (also after kill -9), so a stale lock file
never blocks a restart.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import PrepError
from bot.storage.engine import normalise_url

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; SQLite's own locking still applies
    fcntl = None  # type: ignore[assignment]


class DatabaseInUse(PrepError):
    pass


def sqlite_file(database_url: str) -> Path | None:
    url = normalise_url(database_url)
    database = url.database or ""
    if (
        url.get_backend_name() != "sqlite"
        or not database
        or database == ":memory:"
        or database.startswith("file:")
    ):
        return None
    return Path(database).expanduser().resolve()


@contextmanager
def one_process_per_sqlite_file(database_url: str) -> Iterator[None]:
    """Hold the database's run lock for the duration; raise DatabaseInUse if another process
    holds it. Nothing to hold for PostgreSQL, which serves several processes."""
    database = sqlite_file(database_url)
    if database is None or fcntl is None:
        yield
        return
    database.parent.mkdir(parents=True, exist_ok=True)
    lock_path = database.with_name(database.name + ".lock")
    handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 32).decode(errors="replace").strip() or "unknown"
            raise DatabaseInUse(
                f"another prepbot run (pid {holder}) is already using the SQLite database "
                f"{database}. SQLite serves one process: stop the other one, or to run several "
                "processes use PostgreSQL (PREPBOT_DATABASE_URL=postgresql://...)."
            ) from None
        os.ftruncate(handle, 0)
        os.write(handle, str(os.getpid()).encode())
        yield
    finally:
        os.close(handle)
