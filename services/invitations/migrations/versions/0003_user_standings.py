"""A copy of what operators decided about people (registration's UserStandingChanged: rights granted and
revoked, a block), applied to every caller before any rule. The service reads registration's stream for it
from now on: processed_messages records what its consumer handled.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_standings",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("granted_rights", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("revoked_rights", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("blocked", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "processed_messages",
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("handle_time", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id"),
    )


def downgrade() -> None:
    op.drop_table("processed_messages")
    op.drop_table("user_standings")
