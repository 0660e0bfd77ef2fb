"""The copy of events and participants, contributions, goals, handled stream messages.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("wikis", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("all_wikis", sa.Boolean(), nullable=False),
        sa.Column("start_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tracks_contributions", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("organizer_ids", postgresql.ARRAY(sa.BigInteger()), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "participants",
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "user_id"),
    )
    op.create_index("participants_name", "participants", ["event_id", "user_name"])
    op.create_table(
        "contributions",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("wiki", sa.Text(), nullable=False),
        sa.Column("rev_id", sa.BigInteger(), nullable=False),
        sa.Column("page_title", sa.Text(), nullable=False),
        sa.Column("namespace", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("user_registration", sa.DateTime(timezone=True)),
        sa.Column("edit_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bytes_delta", sa.BigInteger(), nullable=False),
        sa.Column("page_created", sa.Boolean(), nullable=False),
        sa.Column("links_added", sa.Integer(), nullable=False),
        sa.Column("links_removed", sa.Integer(), nullable=False),
        sa.Column("words_added", sa.BigInteger(), nullable=False),
        sa.Column("associated_by", sa.BigInteger(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("wiki", "rev_id", name="contributions_one_event_per_revision"),
    )
    op.create_index("contributions_event", "contributions", ["event_id", "id"])
    op.create_table(
        "goals",
        sa.Column("event_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("metric", sa.Text(), nullable=False),
        sa.Column("target", sa.BigInteger(), nullable=False),
        sa.Column("set_by", sa.BigInteger(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_table(
        "processed_messages",
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("handle_time", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id"),
    )


def downgrade() -> None:
    for table in ("processed_messages", "goals", "contributions", "participants", "events"):
        op.drop_table(table)
