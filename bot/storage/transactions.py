"""Runs a whole write transaction in one step.

A transaction is a plain function of a synchronous SQLAlchemy `Connection`. On PostgreSQL it runs
through the async engine (`run_sync`); on a SQLite file it runs on one dedicated writer thread
with the stdlib driver, so a five-statement use case costs one thread hop instead of one per
statement, and writes from this process never contend with each other for SQLite's lock.
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


class Transactions:
    def __init__(self, engine: AsyncEngine, sync_engine: Engine | None = None) -> None:
        self.engine = engine
        self.sync_engine = sync_engine
        self._writer = (
            ThreadPoolExecutor(1, thread_name_prefix="prepbot-sqlite-writer")
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

    def _run_on_thread(self, transaction: Callable[[Connection], T]) -> T:
        assert self.sync_engine is not None
        with self.sync_engine.begin() as conn:
            return transaction(conn)

    async def dispose(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True)
        if self.sync_engine is not None:
            self.sync_engine.dispose()
        await self.engine.dispose()
