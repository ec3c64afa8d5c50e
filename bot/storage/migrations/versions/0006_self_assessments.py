"""Members' self-assessments of open answers, beside the automatic grade.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "self_assessments",
        sa.Column(
            "attempt_id", sa.Integer, sa.ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("point_number", sa.Integer, primary_key=True),
        sa.Column("claimed_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("self_assessments")
