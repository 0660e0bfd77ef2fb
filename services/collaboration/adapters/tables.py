"""The Collaboration list's read model (SQLAlchemy Core); the migrations create exactly these."""
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

from eventcenter.services.kernel.outbox import processed_messages_table

metadata = MetaData()
# 'simple': no stemming, so every language is searched alike (case is folded). Words of the name weigh more
# than words of the description when results are ranked.
SEARCH_DOCUMENT = ("setweight(to_tsvector('simple'::regconfig, name), 'A') || "
                   "setweight(to_tsvector('simple'::regconfig, description), 'B')")

events = Table(
    "events", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    # The registration event's revision this row reflects: older copies never overwrite newer ones.
    Column("revision", BigInteger, nullable=False),
    Column("counts_revision", BigInteger, nullable=False, server_default="0"),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("page_title", Text, nullable=False),
    Column("page_wiki", Text, nullable=False),
    Column("open", Boolean, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("start_local", Text, nullable=False),
    Column("end_local", Text, nullable=False),
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("participation", Text, nullable=False),
    Column("country_code", Text, nullable=False, server_default=""),
    Column("types", ARRAY(Text), nullable=False),
    Column("wikis", ARRAY(Text), nullable=False),
    Column("all_wikis", Boolean, nullable=False),
    Column("topics", ARRAY(Text), nullable=False),
    Column("test_event", Boolean, nullable=False),
    Column("deleted", Boolean, nullable=False, server_default="false"),
    Column("participant_limit", Integer, nullable=False, server_default="0"),
    Column("registered", Integer, nullable=False, server_default="0"),
    Index("events_listed_start", "start_utc", "id", postgresql_where=text("NOT deleted AND NOT test_event")),
    Index("events_listed_end", "end_utc", postgresql_where=text("NOT deleted AND NOT test_event")),
    Index("events_listed_country_start", "country_code", "start_utc", "id",
          postgresql_where=text("NOT deleted AND NOT test_event AND country_code <> ''")),
    Index("events_types", "types", postgresql_using="gin"),
    Index("events_wikis", "wikis", postgresql_using="gin"),
    Index("events_topics", "topics", postgresql_using="gin"),
    Index("events_name_trigram", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
)

# The full-text search documents, apart from the events: a search reads thousands of documents in time
# order, and narrow rows make that read half the work it is on the wide events rows.
search_documents = Table(
    "search_documents", metadata,
    Column("event_id", BigInteger, primary_key=True, autoincrement=False),
    Column("revision", BigInteger, nullable=False),
    Column("listed", Boolean, nullable=False),
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("document", TSVECTOR, nullable=False),
    Index("search_documents_listed_start", "start_utc", "event_id", postgresql_where=text("listed")),
    Index("search_documents_listed_end", "end_utc", postgresql_where=text("listed")),
    Index("search_documents_words", "document", postgresql_using="gin", postgresql_where=text("listed")),
)

organizers = Table(
    "organizers", metadata,
    Column("event_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("creator", Boolean, nullable=False),
    # Order in which the registration service listed them.
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("event_id", "user_id"),
)

processed_messages = processed_messages_table(metadata)
