"""A deleted event's page can be freed by an admin: the event keeps its page for the record (page_free_time set),
the one-event-per-page rule holds only among pages not freed, and each freeing is recorded (page_releases).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("page_free_time", sa.DateTime(timezone=True)))
    op.drop_constraint("events_page_key", "events", type_="unique")
    op.create_index("events_page_key", "events", ["page_wiki", "page_title"], unique=True,
                    postgresql_where=sa.text("page_free_time IS NULL"))
    op.create_table(
        "page_releases",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("page_wiki", sa.Text(), nullable=False),
        sa.Column("page_title", sa.Text(), nullable=False),
        sa.Column("admin_user_id", sa.BigInteger(), nullable=False),
        sa.Column("admin_name", sa.Text(), nullable=False),
        sa.Column("free_time", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", name="page_releases_event_key"),
    )


def downgrade() -> None:
    op.drop_table("page_releases")
    op.drop_index("events_page_key", "events")
    op.create_unique_constraint("events_page_key", "events", ["page_wiki", "page_title"])
    op.drop_column("events", "page_free_time")
