"""Search documents in their own narrow table, with the name's words weighing more than the description's.

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
LISTED = sa.text("listed")


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("event_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("start_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", postgresql.TSVECTOR(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    # The documents of the events already in the read model, written as the projection writes them.
    op.execute(
        "INSERT INTO search_documents (event_id, revision, listed, start_utc, end_utc, document) "
        "SELECT id, revision, NOT deleted AND NOT test_event, start_utc, end_utc, "
        "setweight(to_tsvector('simple'::regconfig, name), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, description), 'B') FROM events")
    op.create_index("search_documents_listed_start", "search_documents", ["start_utc", "event_id"],
                    postgresql_where=LISTED)
    op.create_index("search_documents_listed_end", "search_documents", ["end_utc"], postgresql_where=LISTED)
    op.create_index("search_documents_words", "search_documents", ["document"], postgresql_using="gin",
                    postgresql_where=LISTED)
    op.drop_index("events_search", table_name="events")
    op.drop_column("events", "search")


def downgrade() -> None:
    op.add_column("events", sa.Column(
        "search", postgresql.TSVECTOR(),
        sa.Computed("to_tsvector('simple'::regconfig, name || ' ' || description)", persisted=True)))
    op.create_index("events_search", "events", ["search"], postgresql_using="gin")
    op.drop_table("search_documents")
