"""Members, posts, attempts, pending questions and leaderboard totals.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("community", sa.String(80), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("streak", sa.Integer, nullable=False, server_default="0"),
        sa.Column("best_streak", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_active", sa.Date, nullable=True),
        sa.UniqueConstraint("community", "user_id", name="uq_members_community_user"),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("community", sa.String(80), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("local_date", sa.Date, nullable=True),
        sa.Column("message_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closes_at", sa.DateTime, nullable=True),
        sa.Column("revealed_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("platform", "channel_id", "local_date", name="uq_posts_channel_day"),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("community", sa.String(80), nullable=False),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="SET NULL"), nullable=True),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("response", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("scored", sa.Boolean, nullable=False),
        sa.Column("answered_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("post_id", "member_id", name="uq_attempts_post_member"),
    )
    op.create_index("ix_attempts_community_topic_time", "attempts", ["community", "topic", "answered_at"])
    op.create_index("ix_attempts_member_time", "attempts", ["member_id", "answered_at"])
    op.create_index(
        "uq_attempts_scored_once",
        "attempts",
        ["member_id", "question_id"],
        unique=True,
        sqlite_where=sa.text("scored"),
        postgresql_where=sa.text("scored"),
    )
    op.create_table(
        "pending",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=True),
        sa.Column("asked_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "totals",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("scope", sa.String(24), primary_key=True),
        sa.Column("community", sa.String(80), nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
    )
    op.create_index("ix_totals_board", "totals", ["community", "scope", "points"])


def downgrade() -> None:
    for table in ("totals", "pending", "attempts", "posts", "members"):
        op.drop_table(table)
