"""Column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


def naive_utc(moment: datetime) -> datetime:
    """How a moment is stored: UTC without an offset, on every backend."""
    if moment.tzinfo is None:
        raise ValueError(f"a stored time needs its time zone: {moment!r}")
    return moment.astimezone(UTC).replace(tzinfo=None)


def aware_utc(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment: written from an aware datetime (a naive one is refused), read back as aware UTC.

    Stored as DATETIME / TIMESTAMP WITHOUT TIME ZONE holding UTC, so the schema is unchanged."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        return None if value is None else naive_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else aware_utc(value)
