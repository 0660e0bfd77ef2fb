"""The Collaboration list's read model: events, organizers, handled messages.

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
LISTED = sa.text("NOT deleted AND NOT test_event")


def upgrade() -> None:
    # Normally made by the administrator inside this schema (provisioning); harmless when present.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    text_array = postgresql.ARRAY(sa.Text())
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("counts_revision", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("page_title", sa.Text(), nullable=False),
        sa.Column("page_wiki", sa.Text(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=False),
        sa.Column("start_local", sa.Text(), nullable=False),
        sa.Column("end_local", sa.Text(), nullable=False),
        sa.Column("start_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("participation", sa.Text(), nullable=False),
        sa.Column("country_code", sa.Text(), server_default="", nullable=False),
        sa.Column("types", text_array, nullable=False),
        sa.Column("wikis", text_array, nullable=False),
        sa.Column("all_wikis", sa.Boolean(), nullable=False),
        sa.Column("topics", text_array, nullable=False),
        sa.Column("test_event", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("participant_limit", sa.Integer(), server_default="0", nullable=False),
        sa.Column("registered", sa.Integer(), server_default="0", nullable=False),
        sa.Column("search", postgresql.TSVECTOR(),
                  sa.Computed("to_tsvector('simple'::regconfig, name || ' ' || description)", persisted=True)),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("events_listed_start", "events", ["start_utc", "id"], postgresql_where=LISTED)
    op.create_index("events_listed_end", "events", ["end_utc"], postgresql_where=LISTED)
    for column in ("types", "wikis", "topics", "search"):
        op.create_index(f"events_{column}", "events", [column], postgresql_using="gin")
    op.create_index("events_name_trigram", "events", ["name"], postgresql_using="gin",
                    postgresql_ops={"name": "gin_trgm_ops"})
    op.create_table(
        "organizers",
        sa.Column("event_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("creator", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "user_id"),
    )
    op.create_table(
        "processed_messages",
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("handle_time", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id"),
    )


def downgrade() -> None:
    for table in ("processed_messages", "organizers", "events"):
        op.drop_table(table)
