"""`prepbot db backup`: a consistent copy of a live SQLite database; PostgreSQL is pg_dump's job."""

from __future__ import annotations

import os
import shlex
import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL

from bot.errors import PrepError
from bot.storage.engine import normalise_url

PAGES_PER_STEP = 1024  # copy in steps so writers are not held off for the whole copy


class BackupError(PrepError):
    pass


def pg_dump_command(database_url: str, target: Path) -> str:
    """Runnable as printed: the password is left out, for PGPASSWORD or ~/.pgpass to supply."""
    url = normalise_url(database_url)
    bare = URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query)
    shown = bare.render_as_string(hide_password=False)
    return f"pg_dump --format=custom --file {shlex.quote(str(target))} {shlex.quote(shown)}"


def backup(database_url: str, target: Path, *, force: bool = False) -> int:
    """Copy the database to `target` while the bot may be using it; returns the bytes written.

    SQLite's online backup API copies a consistent snapshot (WAL included) page by page; the
    copy goes to a temporary file renamed into place at the end, so `target` is never partial.
    """
    url = normalise_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "db backup copies SQLite databases only; for PostgreSQL run pg_dump "
            f"(password from PGPASSWORD or ~/.pgpass): {pg_dump_command(database_url, target)}"
        )
    source = Path(url.database or "").expanduser()
    if not url.database or url.database == ":memory:" or not source.is_file():
        raise BackupError(f"no SQLite database at {source}: nothing to back up")
    target = target.expanduser()
    if target.exists() and not force:
        raise BackupError(f"{target} exists; choose another path or pass --force to overwrite it")
    if target.resolve() == source.resolve():
        raise BackupError("the backup path is the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source, timeout=30) as src:
        destination = sqlite3.connect(partial)
        try:
            src.backup(destination, pages=PAGES_PER_STEP)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            destination.close()
    src.close()
    os.replace(partial, target)
    return target.stat().st_size
