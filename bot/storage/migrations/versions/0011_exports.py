"""Exports: when a member took `/prep export` and how many questions it held.

Revision ID: 0011
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("exported_at", sa.DateTime, nullable=False),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("wrong", sa.Integer, nullable=False),
        sa.Column("due", sa.Integer, nullable=False),
    )
    op.create_index("ix_exports_member", "exports", ["member_id", "exported_at"])


def downgrade() -> None:
    op.drop_index("ix_exports_member", table_name="exports")
    op.drop_table("exports")
