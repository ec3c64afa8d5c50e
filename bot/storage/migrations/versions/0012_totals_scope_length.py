"""Leaderboard scopes of up to 80 characters on SQLite too, as tables.py describes them.

0005 widened `totals.scope` from 24 to 80 characters on PostgreSQL only (SQLite does not enforce
a VARCHAR length); SQLite databases still declared 24. The table is rebuilt with its rows.

Revision ID: 0012
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("totals") as batch:
            batch.alter_column("scope", type_=sa.String(80), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("totals") as batch:
            batch.alter_column("scope", type_=sa.String(24), existing_nullable=False)
