"""A log of members' exports: when, and how many questions (wrong, due) each held."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.tables import exports


class ExportLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def record(self, member_id: int, at: datetime, questions: int, wrong: int, due: int) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                insert(exports).values(
                    member_id=member_id, exported_at=at, questions=questions, wrong=wrong, due=due
                )
            )
