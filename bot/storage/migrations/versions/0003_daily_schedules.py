"""Daily questions: channel schedules, post leases, weekly leaderboard posts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("posts", sa.Column("lease_owner", sa.String(64), nullable=True))
    op.add_column("posts", sa.Column("lease_until", sa.DateTime, nullable=True))
    op.add_column(
        "posts", sa.Column("reveal_skipped", sa.Boolean, nullable=False, server_default=sa.text("false"))
    )
    op.create_index("ix_posts_community_date", "posts", ["community", "local_date"])
    op.create_table(
        "schedules",
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("channel_id", sa.String(64), primary_key=True),
        sa.Column("community_id", sa.String(64), nullable=False),
        sa.Column("post_time", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("topics", sa.String(400), nullable=False, server_default=""),
        sa.Column("difficulty", sa.String(10), nullable=True),
        sa.Column("weekdays", sa.String(7), nullable=False, server_default="0123456"),
        sa.Column("reveal_minutes", sa.Integer, nullable=False, server_default="480"),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("active_since", sa.DateTime, nullable=False),
    )
    op.create_table(
        "weekly_boards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("week_start", sa.Date, nullable=False),
        sa.Column("message_id", sa.String(64), nullable=True),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("platform", "channel_id", "week_start", name="uq_weekly_boards_channel_week"),
    )


def downgrade() -> None:
    op.drop_table("weekly_boards")
    op.drop_table("schedules")
    op.drop_index("ix_posts_community_date", table_name="posts")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("reveal_skipped")
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
