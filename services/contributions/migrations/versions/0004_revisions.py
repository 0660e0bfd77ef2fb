"""Goals and worklists keep a revision, grown on every change the organizers make, so that a change made from an
older one is refused instead of silently undoing someone else's.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("goals", "gathering"):
        op.add_column(table, sa.Column("revision", sa.BigInteger(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in ("gathering", "goals"):
        op.drop_column(table, "revision")
