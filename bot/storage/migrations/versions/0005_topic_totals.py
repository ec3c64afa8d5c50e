"""Running totals per topic, so topic leaderboards read one index range like the others.

Revision ID: 0005
Revises: 0004
"""

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import context, op

revision = "0005"
down_revision = "0004"

_SCORED = sa.text("""
SELECT member_id, community, topic, points, verdict, answered_at FROM attempts
WHERE scored AND answered_at >= :since
""")
_ALL_TIME = sa.text("""
INSERT INTO totals (member_id, scope, community, points, correct)
SELECT member_id, 'all|' || topic, MIN(community), SUM(points),
       SUM(CASE WHEN verdict = 'correct' THEN 1 ELSE 0 END)
FROM attempts WHERE scored GROUP BY member_id, topic
""")
_INSERT = sa.text("""
INSERT INTO totals (member_id, scope, community, points, correct)
VALUES (:member_id, :scope, :community, :points, :correct)
""")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.alter_column("totals", "scope", type_=sa.String(80), existing_nullable=False)
    bind.execute(_ALL_TIME)
    # Week and month boards by topic are only read for the current period: backfill the last
    # two months, in the deployment's timezone, as the answer path would have counted them.
    zone = ZoneInfo(context.config.attributes.get("timezone", "UTC"))
    since = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=62)
    points: Counter[tuple[int, str, str]] = Counter()
    correct: Counter[tuple[int, str, str]] = Counter()
    for row in bind.execute(_SCORED, {"since": since}):
        answered = row.answered_at
        if isinstance(answered, str):
            answered = datetime.fromisoformat(answered)
        day = answered.replace(tzinfo=UTC).astimezone(zone).date()
        week = (day - timedelta(days=day.weekday())).isoformat()
        for scope in (f"week:{week}|{row.topic}", f"month:{day:%Y-%m}|{row.topic}"):
            key = (row.member_id, scope, row.community)
            points[key] += row.points
            correct[key] += row.verdict == "correct"
    if points:
        bind.execute(
            _INSERT,
            [
                {
                    "member_id": member_id,
                    "scope": scope,
                    "community": community,
                    "points": points[key],
                    "correct": correct[key],
                }
                for key in points
                for member_id, scope, community in [key]
            ],
        )


def downgrade() -> None:
    op.execute("DELETE FROM totals WHERE scope LIKE '%|%'")
