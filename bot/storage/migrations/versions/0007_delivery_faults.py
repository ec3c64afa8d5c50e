"""Delivery faults: why a schedule is paused and who set it, posts whose outcome is unknown,
distinct daily questions per community day, and notes for admins.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.add_column(sa.Column("set_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("paused_reason", sa.Text, nullable=True))
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("send_started_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("requested_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("failure", sa.Text, nullable=True))
    op.create_table(
        "daily_questions",
        sa.Column("community", sa.String(80), primary_key=True),
        sa.Column("local_date", sa.Date, primary_key=True),
        sa.Column("question_id", sa.String(80), primary_key=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_table(
        "admin_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("community_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_admin_notes_member", "admin_notes", ["platform", "community_id", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_admin_notes_member", table_name="admin_notes")
    op.drop_table("admin_notes")
    op.drop_table("daily_questions")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("failure")
        batch.drop_column("requested_by")
        batch.drop_column("send_started_at")
    with op.batch_alter_table("schedules") as batch:
        batch.drop_column("paused_reason")
        batch.drop_column("set_by")
