"""Timed mock interviews: one session per run (at most one running per member) and its items.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"

RUNNING = sa.text("status = 'running'")


def upgrade() -> None:
    op.create_table(
        "mock_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("round", sa.String(20), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("deadline", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("score", sa.Float, nullable=True),
    )
    op.create_index("ix_mock_sessions_member_round", "mock_sessions", ["member_id", "round", "started_at"])
    op.create_index(
        "uq_mock_sessions_running",
        "mock_sessions",
        ["member_id"],
        unique=True,
        sqlite_where=RUNNING,
        postgresql_where=RUNNING,
    )
    op.create_table(
        "mock_items",
        sa.Column(
            "session_id", sa.Integer, sa.ForeignKey("mock_sessions.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("served_at", sa.DateTime, nullable=True),
        sa.Column("answered_at", sa.DateTime, nullable=True),
        sa.Column("verdict", sa.String(10), nullable=True),
        sa.Column("made", sa.Text, nullable=False, server_default=""),
        sa.Column("missed", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("mock_items")
    op.drop_index("uq_mock_sessions_running", table_name="mock_sessions")
    op.drop_index("ix_mock_sessions_member_round", table_name="mock_sessions")
    op.drop_table("mock_sessions")
