"""Campaigns and programs keep a revision, grown on every update, so that an update made from an older one is
refused instead of silently undoing someone else's change.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("campaigns", "programs"):
        op.add_column(table, sa.Column("revision", sa.BigInteger(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in ("programs", "campaigns"):
        op.drop_column(table, "revision")
