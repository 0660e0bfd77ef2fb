"""The notifications schema (SQLAlchemy Core); the migrations create exactly these."""
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from eventcenter.services.kernel.outbox import processed_messages_table
from eventcenter.services.kernel.standings import standings_table

metadata = MetaData()
PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"

# Where and how to reach each person. The email is kept only when the sign-in reported it confirmed.
contacts = Table(
    "contacts", metadata,
    Column("user_id", BigInteger, primary_key=True, autoincrement=False),
    Column("user_name", Text, nullable=False, server_default=""),
    Column("email", Text),
    Column("language", Text, nullable=False, server_default="en"),
    Column("accept_user_mail", Boolean, nullable=False, server_default="true"),
    Column("update_time", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)

# Only the switches someone changed; a missing row means "on".
preferences = Table(
    "preferences", metadata,
    Column("user_id", BigInteger, nullable=False),
    Column("kind", Text, nullable=False),
    Column("email", Boolean, nullable=False),
    Column("in_app", Boolean, nullable=False),
    PrimaryKeyConstraint("user_id", "kind"),
)

# This service's copy of the registration events it talks about (names, times, places, organizers).
events = Table(
    "events", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("revision", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("open", Boolean, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("test_event", Boolean, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("participation", Text, nullable=False),
    Column("address", Text, nullable=False, server_default=""),
    Column("country_code", Text, nullable=False, server_default=""),
    Column("chat_url", Text, nullable=False, server_default=""),
    Column("meeting_url", Text, nullable=False, server_default=""),
    Column("organizer_names", ARRAY(Text), nullable=False, server_default="{}"),
)

# Registrations: the active ones hear about an event's changes and reminders. A cancelled or removed one is kept
# (removed) with its revision, so that an older copy arriving late cannot bring the person back.
participants = Table(
    "participants", metadata,
    Column("event_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    # False while on the waiting list: reminders go to those with a place.
    Column("registered", Boolean, nullable=False),
    Column("removed", Boolean, nullable=False, server_default="false"),
    # The registration's revision (pb.Participant.revision): the newest copy wins.
    Column("revision", BigInteger, nullable=False, server_default="0"),
    PrimaryKeyConstraint("event_id", "user_id"),
)

# One message, whatever the number of recipients; rendered in each recipient's language when sent.
messages = Table(
    "messages", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    # What caused it (e.g. "confirmation:<stream message id>"): the same cause never makes two messages.
    Column("key", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("event_id", BigInteger),
    Column("content", JSONB, nullable=False),
    Column("attachment", LargeBinary),
    # Replies go to this user's address (an organizer's message).
    Column("reply_to_user_id", BigInteger),
    Column("create_time", DateTime(timezone=True), nullable=False),
)

# One email to one person: the unit of exactly-once delivery.
deliveries = Table(
    "deliveries", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("message_id", BigInteger, ForeignKey("messages.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("address", Text, nullable=False),
    Column("language", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    # Pending: not before this time. Sending: the claim lapses at this time (its worker stopped).
    Column("next_attempt_time", DateTime(timezone=True), nullable=False),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("sent_time", DateTime(timezone=True)),
    UniqueConstraint("message_id", "user_id", name="deliveries_once"),
    Index("deliveries_due", "next_attempt_time", "id", postgresql_where=text("state IN ('pending', 'sending')")),
    Index("deliveries_user", "user_id", "id"),
    Index("deliveries_state", "state", "id"),
)

inbox_items = Table(
    "inbox_items", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("user_id", BigInteger, nullable=False),
    Column("message_id", BigInteger, ForeignKey("messages.id"), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("read_time", DateTime(timezone=True)),
    UniqueConstraint("message_id", "user_id", name="inbox_items_once"),
    Index("inbox_items_user", "user_id", "id"),
    Index("inbox_items_unread", "user_id", postgresql_where=text("read_time IS NULL")),
)

reminders = Table(
    "reminders", metadata,
    Column("event_id", BigInteger, nullable=False),
    Column("offset", Text, nullable=False),
    Column("due_time", DateTime(timezone=True), nullable=False),
    # The start this reminder is for: a new start is a new reminder.
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("state", Text, nullable=False),
    PrimaryKeyConstraint("event_id", "offset"),
    Index("reminders_due", "due_time", postgresql_where=text("state = 'scheduled'")),
)

processed_messages = processed_messages_table(metadata)
# What operators decided about people, from registration's stream (kernel.standings).
user_standings = standings_table(metadata)
