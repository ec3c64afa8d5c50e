"""Spaced repetition: FSRS cards and review logs per member and question; why a question is open.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.add_column("pending", sa.Column("purpose", sa.String(10), nullable=False, server_default="practice"))
    op.create_table(
        "review_cards",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("question_id", sa.String(80), primary_key=True),
        sa.Column("state", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", sa.DateTime, nullable=False),
        sa.Column("last_review", sa.DateTime, nullable=True),
    )
    op.create_index("ix_review_cards_member_due", "review_cards", ["member_id", "due"])
    op.create_table(
        "review_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("rating", sa.Integer, nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=True),
    )
    op.create_index("ix_review_logs_member_time", "review_logs", ["member_id", "reviewed_at"])


def downgrade() -> None:
    op.drop_table("review_logs")
    op.drop_table("review_cards")
    with op.batch_alter_table("pending") as batch:
        batch.drop_column("purpose")
