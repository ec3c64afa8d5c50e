"""A member's data as a whole: whether they appear on public boards, all of it for an export,
and deleting all of it (answers, running totals, reviews, self-assessments, mock interviews)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, delete, func, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Member
from bot.storage import writes
from bot.storage.tables import (
    admin_notes,
    attempts,
    community_settings,
    member_privacy,
    members,
    mock_items,
    mock_sessions,
    pending,
    review_cards,
    review_logs,
    self_assessments,
    totals,
)
from bot.storage.transactions import Transactions


def on_public_boards(
    query: Select[Any], member_id: ColumnElement[Any], community: ColumnElement[Any]
) -> tuple[Select[Any], ColumnElement[Any]]:
    """`query` joined to what decides whether a member is shown on public boards, and that
    condition: the member's own choice, else the community's default, else shown."""
    joined = query.outerjoin(member_privacy, member_privacy.c.member_id == member_id).outerjoin(
        community_settings, community_settings.c.community == community
    )
    return joined, func.coalesce(member_privacy.c.on_boards, community_settings.c.public_boards, true())


def _rows(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in conn.execute(query)]


def _member_id(conn: Connection, member: Member) -> int | None:
    return conn.scalar(
        select(members.c.id).where(
            members.c.community == member.community.key, members.c.user_id == member.user_id
        )
    )


def _own_notes(member: Member) -> Any:
    return (
        admin_notes.c.platform == member.platform,
        admin_notes.c.community_id == member.community_id,
        admin_notes.c.user_id == member.user_id,
    )


def _export(conn: Connection, member: Member) -> dict[str, Any] | None:
    member_id = _member_id(conn, member)
    notes = _rows(conn, select(admin_notes.c.text, admin_notes.c.created_at).where(*_own_notes(member)))
    if member_id is None:
        return {"platform": member.platform, "user_id": member.user_id, "notes": notes} if notes else None
    profile = conn.execute(select(members).where(members.c.id == member_id)).one()._mapping
    on_boards = conn.scalar(select(member_privacy.c.on_boards).where(member_privacy.c.member_id == member_id))
    own = attempts.c.member_id == member_id
    sessions = _rows(conn, select(mock_sessions).where(mock_sessions.c.member_id == member_id))
    for session in sessions:
        session["items"] = _rows(
            conn,
            select(mock_items)
            .where(mock_items.c.session_id == session["id"])
            .order_by(mock_items.c.position),
        )
    return {
        "platform": member.platform,
        "community_id": member.community_id,
        "user_id": member.user_id,
        "display_name": profile["display_name"],
        "streak": profile["streak"],
        "best_streak": profile["best_streak"],
        "last_active": profile["last_active"],
        "settings": {"on_public_boards": on_boards},
        "answers": _rows(
            conn,
            select(
                attempts.c.id,
                attempts.c.question_id,
                attempts.c.topic,
                attempts.c.post_id,
                attempts.c.response,
                attempts.c.verdict,
                attempts.c.points,
                attempts.c.scored,
                attempts.c.answered_at,
            )
            .where(own)
            .order_by(attempts.c.answered_at),
        ),
        "self_assessments": _rows(
            conn,
            select(self_assessments)
            .join(attempts, attempts.c.id == self_assessments.c.attempt_id)
            .where(own),
        ),
        "totals": _rows(
            conn,
            select(totals.c.scope, totals.c.points, totals.c.correct).where(totals.c.member_id == member_id),
        ),
        "open_question": _rows(conn, select(pending).where(pending.c.member_id == member_id)),
        "review_cards": _rows(conn, select(review_cards).where(review_cards.c.member_id == member_id)),
        "review_log": _rows(conn, select(review_logs).where(review_logs.c.member_id == member_id)),
        "mock_sessions": sessions,
        "notes": notes,
    }


def _forget(conn: Connection, member: Member) -> bool:
    member_id = _member_id(conn, member)
    noted = conn.execute(delete(admin_notes).where(*_own_notes(member))).rowcount
    if member_id is None:
        return bool(noted)
    own_attempts = select(attempts.c.id).where(attempts.c.member_id == member_id)
    conn.execute(delete(self_assessments).where(self_assessments.c.attempt_id.in_(own_attempts)))
    own_sessions = select(mock_sessions.c.id).where(mock_sessions.c.member_id == member_id)
    conn.execute(delete(mock_items).where(mock_items.c.session_id.in_(own_sessions)))
    # Boards read the running totals, so dropping the member's rows takes them off every board.
    for table in (mock_sessions, attempts, totals, pending, review_cards, review_logs, member_privacy):
        conn.execute(delete(table).where(table.c.member_id == member_id))
    conn.execute(delete(members).where(members.c.id == member_id))
    return True


class PrivacyStore:
    def __init__(self, engine: AsyncEngine, transactions: Transactions) -> None:
        self.engine = engine
        self.transactions = transactions

    async def set_on_boards(self, member: Member, on_boards: bool) -> None:
        def write(conn: Connection) -> None:
            member_id = writes.upsert_member(conn, member).id
            insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
            stmt = insert(member_privacy).values(member_id=member_id, on_boards=on_boards)
            conn.execute(
                stmt.on_conflict_do_update(index_elements=["member_id"], set_={"on_boards": on_boards})
            )

        await self.transactions.run(write)

    async def shown_on_boards(self, member: Member) -> bool:
        query, shown = on_public_boards(select(members.c.id), members.c.id, members.c.community)
        query = query.add_columns(shown.label("shown")).where(
            members.c.community == member.community.key, members.c.user_id == member.user_id
        )
        row = await self.transactions.read(lambda conn: conn.execute(query).first())
        return row is None or bool(row.shown)

    async def export(self, member: Member) -> dict[str, Any] | None:
        """Everything stored about the member, or None when nothing is."""
        return await self.transactions.read(lambda conn: _export(conn, member))

    async def forget(self, member: Member) -> bool:
        """Delete everything stored about the member in one transaction; False if there was nothing."""
        return await self.transactions.run(lambda conn: _forget(conn, member))
