"""Worklists gathered automatically; associated revisions checked against their wikis (deleted, hidden, moved).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contributions", sa.Column("deleted", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("contributions", sa.Column("checked_time", sa.DateTime(timezone=True)))
    op.create_table(
        "worklists",
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("wiki", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "wiki", "title"),
    )
    op.create_table(
        "gathering",
        sa.Column("event_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("set_by", sa.BigInteger(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_time", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("gathering_due", "gathering", ["next_time"], postgresql_where="enabled")
    op.create_table(
        "gather_cursors",
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("wiki", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("read_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "wiki", "user_id"),
    )
    op.create_table(
        "checks",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("after_id", sa.BigInteger(), nullable=False),
        sa.Column("next_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("checks")
    op.drop_table("gather_cursors")
    op.drop_index("gathering_due", table_name="gathering")
    op.drop_table("gathering")
    op.drop_table("worklists")
    op.drop_column("contributions", "checked_time")
    op.drop_column("contributions", "deleted")
