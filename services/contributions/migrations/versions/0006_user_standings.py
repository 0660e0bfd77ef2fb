"""A copy of what operators decided about people (registration's UserStandingChanged: rights granted and
revoked, a block), applied to every caller before any rule.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
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


def downgrade() -> None:
    op.drop_table("user_standings")
