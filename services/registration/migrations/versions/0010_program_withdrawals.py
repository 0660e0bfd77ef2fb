"""Programs an event's organizers took it out of, so that its coordinators cannot put it back.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program_withdrawals",
        sa.Column("event_id", sa.BigInteger(), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("program_id", sa.BigInteger(), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("withdraw_time", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")),
        sa.PrimaryKeyConstraint("event_id", "program_id"),
    )


def downgrade() -> None:
    op.drop_table("program_withdrawals")
