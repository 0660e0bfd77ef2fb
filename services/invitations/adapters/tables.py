"""The invitations schema (SQLAlchemy Core); the migrations create exactly these."""
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

from eventcenter.services.kernel.outbox import outbox_table, processed_messages_table
from eventcenter.services.kernel.standings import standings_table

metadata = MetaData()
PENDING, READY, FAILED = "pending", "ready", "failed"

invitation_lists = Table(
    "invitation_lists", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("owner_user_id", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("event_id", BigInteger),
    # [{"wiki": ..., "title": ...}], titles as the wiki normalised them.
    Column("articles", JSONB, nullable=False),
    Column("from_past_participants", Boolean, nullable=False, server_default="false"),
    # With past participants: their user names (only they may be listed) and, without a worklist, the wikis
    # their activity is read on.
    Column("candidates", JSONB),
    Column("activity_wikis", JSONB, nullable=False, server_default="[]"),
    Column("state", Text, nullable=False),
    Column("articles_read", Integer, nullable=False, server_default="0"),
    Column("articles_total", Integer, nullable=False),
    Column("failure", Text, nullable=False, server_default=""),
    # The caller's idempotency key: a repeated create returns the list it made.
    Column("request_id", Text),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("ready_time", DateTime(timezone=True)),
    UniqueConstraint("owner_user_id", "request_id", name="invitation_lists_request_once"),
    Index("invitation_lists_owner", "owner_user_id", "id"),
)

# The ranked editors of a ready list, best first.
list_editors = Table(
    "list_editors", metadata,
    Column("list_id", BigInteger, ForeignKey("invitation_lists.id"), nullable=False),
    Column("rank", Integer, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("score", Integer, nullable=False),
    Column("user_page_url", Text, nullable=False),
    PrimaryKeyConstraint("list_id", "rank"),
)

# One job per pending list. A worker holds it while its lease runs and renews the lease as it goes; a job whose
# worker stopped is taken again once the lease lapses. SKIP LOCKED claims keep two workers off one job.
jobs = Table(
    "jobs", metadata,
    Column("list_id", BigInteger, ForeignKey("invitation_lists.id"), primary_key=True),
    Column("lease_until", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("worker", Text, nullable=False, server_default=""),
    Index("jobs_due", "lease_until"),
)

# People who asked never to appear on an invitation list, by user name (names are global on Wikimedia wikis).
opt_outs = Table(
    "opt_outs", metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_name", Text, nullable=False, unique=True),
    Column("create_time", DateTime(timezone=True), nullable=False),
)

outbox = outbox_table(metadata)
processed_messages = processed_messages_table(metadata)
# What operators decided about people, from registration's stream (kernel.standings).
user_standings = standings_table(metadata)
