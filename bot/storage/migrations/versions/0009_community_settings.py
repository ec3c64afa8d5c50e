"""Per-community settings set by admins, members' board visibility, and when a community removed
the bot (its data is deleted after the retention period unless it comes back).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "community_settings",
        sa.Column("community", sa.String(80), primary_key=True),
        sa.Column("timezone", sa.String(64), nullable=True),
        sa.Column("topics", sa.String(400), nullable=True),
        sa.Column("difficulty", sa.String(10), nullable=True),
        sa.Column("reveal_minutes", sa.Integer, nullable=True),
        sa.Column("admin_role", sa.String(64), nullable=True),
        sa.Column("admin_role_name", sa.String(100), nullable=True),
        sa.Column("public_boards", sa.Boolean, nullable=True),
        sa.Column("weekly_board", sa.Boolean, nullable=True),
        sa.Column("removed_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "member_privacy",
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("on_boards", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("member_privacy")
    op.drop_table("community_settings")
