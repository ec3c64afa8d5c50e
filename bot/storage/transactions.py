"""Runs a whole write transaction, or a whole read, in one step.

A transaction or a read is a plain function of a synchronous SQLAlchemy `Connection`. On
PostgreSQL it runs through the async engine (`run_sync`). On a SQLite file it runs with the stdlib
driver on a thread of our own: writes on one dedicated writer thread, so they never contend with
each other for SQLite's lock, reads on two reader threads (WAL lets them run beside the writer).
A use case then costs one thread hop, where aiosqlite takes several per statement (cursor,
execute, fetch, close, and the rollback when the connection goes back to the pool).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.engine import sqlite_pragmas

T = TypeVar("T")
READER_THREADS = 2


class Transactions:
    def __init__(self, engine: AsyncEngine, sync_engine: Engine | None = None) -> None:
        self.engine = engine
        self.sync_engine = sync_engine
        self._writer = (
            ThreadPoolExecutor(1, thread_name_prefix="prepbot-sqlite-writer")
            if sync_engine is not None
            else None
        )
        self._readers = (
            ThreadPoolExecutor(READER_THREADS, thread_name_prefix="prepbot-sqlite-reader")
            if sync_engine is not None
            else None
        )

    @classmethod
    def for_engine(cls, engine: AsyncEngine) -> Transactions:
        url = engine.url
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return cls(engine)
        sync_engine = create_engine(
            url.set(drivername="sqlite"), connect_args={"timeout": 30, "check_same_thread": False}
        )
        event.listen(sync_engine, "connect", sqlite_pragmas)
        return cls(engine, sync_engine)

    async def run(self, transaction: Callable[[Connection], T]) -> T:
        if self.sync_engine is None or self._writer is None:
            async with self.engine.begin() as conn:
                return await conn.run_sync(transaction)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, self._run_on_thread, transaction)

    async def read(self, query: Callable[[Connection], T]) -> T:
        """The result of a read-only function of a connection; it sees every committed write."""
        if self.sync_engine is None or self._readers is None:
            async with self.engine.connect() as conn:
                return await conn.run_sync(query)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, self._read_on_thread, query)

    def _run_on_thread(self, transaction: Callable[[Connection], T]) -> T:
        assert self.sync_engine is not None
        with self.sync_engine.begin() as conn:
            return transaction(conn)

    def _read_on_thread(self, query: Callable[[Connection], T]) -> T:
        assert self.sync_engine is not None
        with self.sync_engine.connect() as conn:
            return query(conn)

    async def dispose(self) -> None:
        for executor in (self._writer, self._readers):
            if executor is not None:
                executor.shutdown(wait=True)
        if self.sync_engine is not None:
            self.sync_engine.dispose()
        await self.engine.dispose()
