"""Links with Programs & Events Dashboard courses; organizers' usernames in the copy of events.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("organizer_names", postgresql.ARRAY(sa.Text()), server_default="{}",
                                      nullable=False))
    op.create_table(
        "dashboard_links",
        sa.Column("event_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("dashboard_url", sa.Text(), nullable=False),
        sa.Column("course_slug", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("linked_by", sa.BigInteger(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("change_version", sa.BigInteger(), server_default="1", nullable=False),
        sa.Column("synced_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("unsync_requested", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("last_sync_time", sa.DateTime(timezone=True)),
        sa.Column("last_error_code", sa.Text()),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_time", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("event_id"),
    )


def downgrade() -> None:
    op.drop_table("dashboard_links")
    op.drop_column("events", "organizer_names")
