"""SQL of the daily sweep: many channels' posts of a day read, claimed, marked as being sent and
finished a batch at a time. Each function is one step of a transaction run by
`Transactions.run` (bot.storage.transactions), so a batch costs one trip to the database thread.

The claims are the same as one channel's (bot.storage.delivery_store): the (platform, channel,
local date) row inserted with ON CONFLICT DO NOTHING, so a row another process has already
inserted is never claimed twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.models import Community
from bot.storage.daily_rows import ScheduleRow, schedule_row
from bot.storage.tables import daily_questions, posts, schedules

Key = tuple[str, str]  # (platform, channel id)


class QuestionRecord(NamedTuple):
    """What choosing a community's question of a day needs (see QuestionChooser)."""

    history: dict[str, dict[str, date]]  # community -> question -> last day posted
    taken: dict[tuple[str, date], set[str]]  # (community, day) -> questions already taken


class NewPost(NamedTuple):
    community: str
    platform: str
    channel_id: str
    question_id: str
    local_date: date
    closes_at: datetime


class Due(NamedTuple):
    schedule: ScheduleRow
    at: datetime
    day: date
    earlier: date | None  # the schedule's day before (since it was set): it must have its row


class Read(NamedTuple):
    schedules: list[ScheduleRow]  # the active ones
    due: list[Due]  # those with a question due by now
    recorded: set[tuple[str, str, date]]  # (platform, channel id, day) of their rows on those days
    record: QuestionRecord


def due_of(schedule: ScheduleRow, now: datetime) -> Due | None:
    at = schedule.spec.latest_at_or_before(now)
    if at is None or at < schedule.active_since:
        return None
    earlier = schedule.spec.latest_at_or_before(at - timedelta(microseconds=1))
    before = None if earlier is None or earlier < schedule.active_since else schedule.spec.local_date(earlier)
    return Due(schedule, at, schedule.spec.local_date(at), before)


def community_of(schedule: ScheduleRow) -> str:
    return Community(schedule.platform, schedule.community_id).key


def read_due(conn: Connection, keys: Sequence[Key], now: datetime) -> Read:
    """What a batch of channels' daily jobs need to know, read at once."""
    schedules = active_schedules(conn, keys)
    due = [d for d in (due_of(s, now) for s in schedules) if d is not None]
    if not due:
        return Read(schedules, [], set(), QuestionRecord({}, {}))
    days = [d.day for d in due] + [d.earlier for d in due if d.earlier is not None]
    channels = [(d.schedule.platform, d.schedule.channel_id) for d in due]
    recorded = days_recorded(conn, channels, min(days), max(days))
    record = question_record(conn, {(community_of(d.schedule), d.day) for d in due})
    return Read(schedules, due, recorded, record)


def _insert(conn: Connection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def active_schedules(conn: Connection, keys: Sequence[Key]) -> list[ScheduleRow]:
    """The schedules of `keys` that are not paused, in the order of `keys`."""
    wanted = set(keys)
    query = select(schedules).where(
        schedules.c.platform.in_({platform for platform, _ in keys}),
        schedules.c.channel_id.in_({channel_id for _, channel_id in keys}),
        schedules.c.paused.is_(False),
    )
    found = {(row.platform, row.channel_id): schedule_row(row) for row in conn.execute(query)}
    return [found[key] for key in keys if key in wanted and key in found]


def days_recorded(
    conn: Connection, keys: Sequence[Key], first: date, last: date
) -> set[tuple[str, str, date]]:
    """(platform, channel id, day) of every post row of `keys` between the two days: posted,
    given up, skipped or still unfinished."""
    query = select(posts.c.platform, posts.c.channel_id, posts.c.local_date).where(
        posts.c.platform.in_({platform for platform, _ in keys}),
        posts.c.channel_id.in_({channel_id for _, channel_id in keys}),
        posts.c.local_date >= first,
        posts.c.local_date <= last,
    )
    wanted = set(keys)
    return {
        (row.platform, row.channel_id, row.local_date)
        for row in conn.execute(query)
        if (row.platform, row.channel_id) in wanted
    }


def question_record(conn: Connection, days: Iterable[tuple[str, date]]) -> QuestionRecord:
    """QuestionRecord of the communities' days: two statements for the whole batch."""
    days = set(days)
    communities = {community for community, _ in days}
    history: dict[str, dict[str, date]] = {community: {} for community in communities}
    taken: dict[tuple[str, date], set[str]] = {day: set() for day in days}
    last = (
        select(posts.c.community, posts.c.question_id, func.max(posts.c.created_at).label("last"))
        .where(posts.c.community.in_(communities))
        .group_by(posts.c.community, posts.c.question_id)
    )
    for row in conn.execute(last):
        history[row.community][row.question_id] = row.last.date()
    today = select(daily_questions).where(
        daily_questions.c.community.in_(communities),
        daily_questions.c.local_date.in_({day for _, day in days}),
    )
    for row in conn.execute(today):
        taken.setdefault((row.community, row.local_date), set()).add(row.question_id)
    return QuestionRecord(history, taken)


def claim_posts(
    conn: Connection, new: Sequence[NewPost], *, now: datetime, owner: str, lease: timedelta
) -> dict[Key, int]:
    """Insert the day's post rows (their question chosen): the post id of each channel whose row
    this call inserted. A channel left out already had its row (another process claimed it)."""
    if not new:
        return {}
    rows = [
        post._asdict()
        | {"created_at": now, "lease_owner": owner, "lease_until": now + lease, "requested_by": None}
        for post in new
    ]
    stmt = (
        _insert(conn)(posts)
        .on_conflict_do_nothing(index_elements=["platform", "channel_id", "local_date"])
        .returning(posts.c.id, posts.c.platform, posts.c.channel_id)
    )
    return {(row.platform, row.channel_id): int(row.id) for row in conn.execute(stmt, rows)}


def take_questions(conn: Connection, taken: Sequence[tuple[NewPost, int]]) -> set[int]:
    """Record each post's question as its community's question of the day: the post ids whose
    question was still free (another process may have taken one since it was read)."""
    if not taken:
        return set()
    rows = [
        {
            "community": p.community,
            "local_date": p.local_date,
            "question_id": p.question_id,
            "post_id": post_id,
        }
        for p, post_id in taken
    ]
    stmt = _insert(conn)(daily_questions).on_conflict_do_nothing().returning(daily_questions.c.post_id)
    return {int(row.post_id) for row in conn.execute(stmt, rows)}


def take_first_free(conn: Connection, post: NewPost, post_id: int, others: Sequence[str]) -> str | None:
    """The first of `others` no channel of the community has today, taken for the post (its row
    updated); None when every one is taken (the post keeps its question)."""
    stmt = _insert(conn)(daily_questions).on_conflict_do_nothing().returning(daily_questions.c.post_id)
    for question_id in others:
        row = {
            "community": post.community,
            "local_date": post.local_date,
            "question_id": question_id,
            "post_id": post_id,
        }
        if conn.execute(stmt, row).first() is not None:
            conn.execute(update(posts).where(posts.c.id == post_id).values(question_id=question_id))
            return question_id
    return None


class Won(NamedTuple):
    post_id: int
    question_id: str
    distinct: bool  # no other channel of the community has this question today


def claim_batch(
    conn: Connection,
    new: Sequence[NewPost],
    free: set[Key],
    others: Callable[[Key], list[str]],
    *,
    now: datetime,
    owner: str,
    lease: timedelta,
) -> dict[Key, Won]:
    """Claim the posts and take each one's question for its community's day. `free`: the
    channels whose question no other channel had when it was chosen; `others`: a channel's
    questions to try next, in order, if another process has taken it since. A channel left out
    of the result already had its row: another process claimed it."""
    won = claim_posts(conn, new, now=now, owner=owner, lease=lease)
    mine = [
        (post, won[post.platform, post.channel_id]) for post in new if (post.platform, post.channel_id) in won
    ]
    got = take_questions(
        conn, [(post, post_id) for post, post_id in mine if (post.platform, post.channel_id) in free]
    )
    result: dict[Key, Won] = {}
    for post, post_id in mine:
        key = (post.platform, post.channel_id)
        if key not in free or post_id in got:
            result[key] = Won(post_id, post.question_id, key in free)
            continue
        other = take_first_free(conn, post, post_id, others(key))
        result[key] = Won(post_id, other or post.question_id, other is not None)
    return result


def mark_send_started(conn: Connection, post_ids: Sequence[int], now: datetime, lease: timedelta) -> None:
    """From here until each message id is stored, the posts' outcome is unknown."""
    if post_ids:
        stmt = (
            update(posts).where(posts.c.id.in_(post_ids)).values(send_started_at=now, lease_until=now + lease)
        )
        conn.execute(stmt)


def finish_posts(conn: Connection, sent: Sequence[tuple[int, str]]) -> None:
    """Store the message ids of posts that went out (their leases end): a statement per 500."""
    for start in range(0, len(sent), 500):
        ids = dict(sent[start : start + 500])
        stmt = (
            update(posts)
            .where(posts.c.id.in_(ids), posts.c.message_id.is_(None))
            .values(message_id=case(ids, value=posts.c.id), lease_owner=None, lease_until=None)
        )
        conn.execute(stmt)
