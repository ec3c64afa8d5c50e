"""Reads of members, boards and tallies, each a function of a connection, so that a use case that
needs several of them (a leaderboard, a member's stats) reads them all in one go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, case, func, select

from bot.storage.privacy_store import on_public_boards
from bot.storage.tables import attempts, members, totals


@dataclass(frozen=True)
class BoardEntry:
    member_id: int
    name: str
    points: int
    correct: int


@dataclass(frozen=True)
class MemberRecord:
    id: int
    name: str
    streak: int
    best_streak: int
    last_active: date | None


@dataclass(frozen=True)
class TopicTally:
    topic: str
    answered: int
    correct: int


@dataclass(frozen=True)
class Standing:
    """A member's place on one board: rank 0 when they have no points there."""

    rank: int
    points: int
    correct: int


@dataclass(frozen=True)
class BoardView:
    """A board as one member sees it: the leaders and the member's own standing."""

    entries: list[BoardEntry]
    member_id: int | None
    standing: Standing


@dataclass(frozen=True)
class Progress:
    """What a member's stats are made of."""

    record: MemberRecord
    tallies: list[TopicTally]
    points: int


def member_record(conn: Connection, community: str, who: str, by_name: bool) -> MemberRecord | None:
    """A member of the community by user id or (case-insensitive) display name."""
    matches_who = members.c.user_id == who
    if by_name:
        matches_who = matches_who | (func.lower(members.c.display_name) == who.lower())
    row = conn.execute(
        select(members)
        .where(members.c.community == community, matches_who)
        .order_by(members.c.user_id != who, members.c.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return MemberRecord(row.id, row.display_name or row.user_id, row.streak, row.best_streak, row.last_active)


def top(conn: Connection, community: str, scope: str, limit: int) -> list[BoardEntry]:
    """The board's leaders, without the members who chose (or by the community's default are)
    not to appear on public boards."""
    leaders = select(
        totals.c.member_id, totals.c.points, totals.c.correct, members.c.display_name, members.c.user_id
    ).join(members, members.c.id == totals.c.member_id)
    leaders, shown = on_public_boards(leaders, totals.c.member_id, totals.c.community)
    rows = conn.execute(
        leaders.where(totals.c.community == community, totals.c.scope == scope, totals.c.points > 0, shown)
        .order_by(totals.c.points.desc(), totals.c.member_id)
        .limit(limit)
    ).all()
    return [BoardEntry(r.member_id, r.display_name or r.user_id, r.points, r.correct) for r in rows]


def standing(conn: Connection, community: str, scope: str, member_id: int) -> Standing:
    mine = conn.execute(
        select(totals.c.points, totals.c.correct).where(
            totals.c.member_id == member_id, totals.c.scope == scope
        )
    ).first()
    if mine is None or mine.points <= 0:
        return Standing(0, 0, 0 if mine is None else mine.correct)
    ahead = conn.scalar(
        select(func.count())
        .select_from(totals)
        .where(totals.c.community == community, totals.c.scope == scope, totals.c.points > mine.points)
    )
    return Standing(int(ahead or 0) + 1, mine.points, mine.correct)


def board_view(conn: Connection, community: str, user_id: str, scope: str, limit: int) -> BoardView:
    record = member_record(conn, community, user_id, by_name=False)
    entries = top(conn, community, scope, limit)
    if record is None:
        return BoardView(entries, None, Standing(0, 0, 0))
    return BoardView(entries, record.id, standing(conn, community, scope, record.id))


def tally_by_topic(conn: Connection, member_id: int) -> list[TopicTally]:
    correct = func.sum(case((attempts.c.verdict == "correct", 1), else_=0))
    rows = conn.execute(
        select(attempts.c.topic, func.count().label("answered"), correct.label("correct"))
        .where(attempts.c.member_id == member_id)
        .group_by(attempts.c.topic)
        .order_by(attempts.c.topic)
    ).all()
    return [TopicTally(r.topic, int(r.answered), int(r.correct or 0)) for r in rows]


def points(conn: Connection, member_id: int, scope: str) -> int:
    value = conn.scalar(
        select(totals.c.points).where(totals.c.member_id == member_id, totals.c.scope == scope)
    )
    return int(value or 0)


def progress(conn: Connection, community: str, who: str, by_name: bool) -> Progress | None:
    record = member_record(conn, community, who, by_name)
    if record is None:
        return None
    return Progress(record, tally_by_topic(conn, record.id), points(conn, record.id, "all"))
