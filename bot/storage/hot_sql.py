"""Runs the per-answer SQL statements, on SQLite straight through the stdlib driver.

The statements are plain SQL text with named parameters, which sqlite3 understands as they are;
skipping SQLAlchemy's execution machinery for them halves the cost of recording an answer. Values
are stored in the formats SQLAlchemy's SQLite types use, so both paths read the same rows.
Other databases run the same statements through SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause


def _sqlite_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


@lru_cache(maxsize=64)
def _row_type(names: tuple[str, ...]) -> Any:
    return namedtuple("Row", names)


class Rows:
    """The part of a SQLAlchemy result the hot path uses: first(), one() and iteration."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._row = _row_type(tuple(column[0] for column in cursor.description or ()))
        self._cursor = cursor

    def __iter__(self) -> Iterator[Any]:
        return (self._row(*values) for values in self._cursor.fetchall())

    def first(self) -> Any:
        values = self._cursor.fetchone()
        self._cursor.close()
        return None if values is None else self._row(*values)

    def one(self) -> Any:
        row = self.first()
        if row is None:
            raise LookupError("the statement returned no row")
        return row


def execute(conn: Connection, statement: TextClause, params: Mapping[str, object]) -> Any:
    if conn.dialect.name != "sqlite":
        return conn.execute(statement, dict(params))
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    cursor = driver.execute(statement.text, {k: _sqlite_value(v) for k, v in params.items()})
    return Rows(cursor)
