"""Engine creation: driver normalisation, SQLite pragmas, and masked URLs for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.errors import DatabaseUnavailable

ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


USE = "use sqlite:///path/to/file.db or postgresql://user:password@host:5432/dbname"


def normalise_url(raw: str) -> URL:
    """Accept plain `sqlite:///...` / `postgresql://...` and pick the async driver."""
    try:
        url = make_url(raw)
    except ArgumentError:
        # The value is not echoed: it may hold a password.
        raise DatabaseUnavailable(
            f"invalid setting PREPBOT_DATABASE_URL: not a database URL; {USE}"
        ) from None
    backend = url.drivername.split("+", 1)[0]
    if backend not in ASYNC_DRIVERS:
        raise DatabaseUnavailable(
            f"invalid setting PREPBOT_DATABASE_URL: {masked(url)} is not supported; {USE}"
        )
    return url.set(drivername=ASYNC_DRIVERS[backend])


def masked(url: URL | str) -> str:
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.render_as_string(hide_password=True)


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(raw_url: str) -> AsyncEngine:
    url = normalise_url(raw_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", sqlite_pragmas)
        return engine
    engine = create_async_engine(url, pool_size=10, max_overflow=10, pool_recycle=POOL_RECYCLE_SECONDS)
    event.listen(engine.sync_engine, "checkout", refuse_closed_connection)
    return engine


# A pooled PostgreSQL connection older than this is replaced before use (a firewall or proxy
# may drop an idle connection silently, which no local check can see).
POOL_RECYCLE_SECONDS = 1800


def refuse_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection the server closed (a restart, a terminated backend) is replaced at
    checkout. The driver knows without a round trip; SQLAlchemy's pool_pre_ping asks the server
    (three round trips per checkout with asyncpg)."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the database closed this pooled connection")
