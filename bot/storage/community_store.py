"""Reads and writes of per-community settings, and the record of a community that removed the bot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Community
from bot.storage.tables import (
    admin_notes,
    community_settings,
    daily_questions,
    members,
    posts,
    schedules,
    weekly_boards,
)
from bot.storage.transactions import Transactions

SETTING_COLUMNS = (
    "timezone",
    "topics",
    "difficulty",
    "reveal_minutes",
    "admin_role",
    "admin_role_name",
    "public_boards",
    "weekly_board",
)


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


# Read for every quiz: built once, so each call pays only for execution.
_SETTINGS_OF = select(*(community_settings.c[name] for name in SETTING_COLUMNS)).where(
    community_settings.c.community == bindparam("community")
)


class CommunityStore:
    def __init__(self, engine: AsyncEngine, transactions: Transactions | None = None) -> None:
        self.engine = engine
        self.transactions = transactions or Transactions.for_engine(engine)

    async def settings(self, community: str) -> dict[str, Any]:
        """The columns a community's admins have set (unset ones are None)."""
        row = await self.transactions.read(
            lambda conn: conn.execute(_SETTINGS_OF, {"community": community}).first()
        )
        return dict(row._mapping) if row else dict.fromkeys(SETTING_COLUMNS)

    async def save(self, community: str, values: dict[str, Any]) -> None:
        def write(conn: Connection) -> None:
            stmt = _insert(conn.dialect.name)(community_settings).values(community=community, **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["community"], set_=values))

        await self.transactions.run(write)

    async def mark_removed(self, community: str, now: datetime) -> None:
        def write(conn: Connection) -> None:
            stmt = _insert(conn.dialect.name)(community_settings).values(community=community, removed_at=now)
            conn.execute(stmt.on_conflict_do_update(index_elements=["community"], set_={"removed_at": now}))

        await self.transactions.run(write)

    async def is_removed(self, community: str) -> bool:
        query = select(community_settings.c.removed_at).where(community_settings.c.community == community)
        return await self.transactions.read(lambda conn: conn.scalar(query)) is not None

    async def clear_removed(self, community: str) -> None:
        stmt = (
            update(community_settings)
            .where(community_settings.c.community == community, community_settings.c.removed_at.is_not(None))
            .values(removed_at=None)
        )
        await self.transactions.run(lambda conn: conn.execute(stmt))

    async def removed_before(self, cutoff: datetime) -> list[str]:
        query = select(community_settings.c.community).where(community_settings.c.removed_at <= cutoff)
        return await self.transactions.read(lambda conn: [str(row.community) for row in conn.execute(query)])

    async def delete_community(self, community: str, cutoff: datetime) -> bool:
        """Delete everything stored about a community still removed since before `cutoff`, in
        one transaction; False when it came back in the meantime."""
        parsed = Community.parse(community)
        platform, community_id = parsed.platform, parsed.community_id

        def write(conn: Connection) -> bool:
            still_removed = conn.scalar(
                select(community_settings.c.community).where(
                    community_settings.c.community == community, community_settings.c.removed_at <= cutoff
                )
            )
            if still_removed is None:
                return False
            channels = (
                select(posts.c.channel_id)
                .where(posts.c.community == community)
                .union(
                    select(schedules.c.channel_id).where(
                        schedules.c.platform == platform, schedules.c.community_id == community_id
                    )
                )
            )
            conn.execute(
                delete(weekly_boards).where(
                    weekly_boards.c.platform == platform, weekly_boards.c.channel_id.in_(channels)
                )
            )
            conn.execute(delete(daily_questions).where(daily_questions.c.community == community))
            conn.execute(delete(members).where(members.c.community == community))
            conn.execute(delete(posts).where(posts.c.community == community))
            conn.execute(
                delete(schedules).where(
                    schedules.c.platform == platform, schedules.c.community_id == community_id
                )
            )
            conn.execute(
                delete(admin_notes).where(
                    admin_notes.c.platform == platform, admin_notes.c.community_id == community_id
                )
            )
            conn.execute(delete(community_settings).where(community_settings.c.community == community))
            return True

        return await self.transactions.run(write)
