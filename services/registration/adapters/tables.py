"""The registration schema's tables (SQLAlchemy Core); the migrations create exactly these."""
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from eventcenter.services.kernel.outbox import outbox_table, processed_messages_table

metadata = MetaData()
NOW = text("now()")

users = Table(
    "users", metadata,
    Column("user_id", BigInteger, primary_key=True),
    Column("name", Text, nullable=False),
    # Granted here (by an administrator); the sign-in's own (wiki groups) are in signed_in_rights; revoked here
    # (denied whatever the sign-in says, until granted again) in revoked_rights.
    Column("rights", ARRAY(Text), nullable=False, server_default="{}"),
    Column("signed_in_rights", ARRAY(Text), nullable=False, server_default="{}"),
    Column("revoked_rights", ARRAY(Text), nullable=False, server_default="{}"),
    Column("blocked", Boolean, nullable=False, server_default="false"),
    Column("block_reason", Text, nullable=False, server_default=""),
    # Grows with each change of rights granted or revoked, or of the block (UserStandingChanged carries it).
    Column("standing_version", BigInteger, nullable=False, server_default="0"),
    Column("update_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Index("users_name_lower", text("lower(name)")),
    UniqueConstraint("name", name="users_name_key"),
)

events = Table(
    "events", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("page_wiki", Text, nullable=False),
    Column("page_title", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("start_local", Text, nullable=False),
    Column("end_local", Text, nullable=False),
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("types", ARRAY(Text), nullable=False),
    Column("participation", Text, nullable=False),
    Column("meeting_url", Text, nullable=False, server_default=""),
    Column("country_code", Text, nullable=False, server_default=""),
    Column("address", Text, nullable=False, server_default=""),
    Column("chat_url", Text, nullable=False, server_default=""),
    Column("wikis", ARRAY(Text), nullable=False, server_default="{}"),
    Column("all_wikis", Boolean, nullable=False, server_default="false"),
    Column("topics", ARRAY(Text), nullable=False, server_default="{}"),
    Column("test_event", Boolean, nullable=False, server_default="false"),
    Column("tracks_contributions", Boolean, nullable=False, server_default="false"),
    Column("question_ids", ARRAY(Integer), nullable=False, server_default="{}"),
    Column("participant_limit", Integer, nullable=False, server_default="0"),
    Column("passcode", Text, nullable=False, server_default=""),
    Column("description", Text, nullable=False, server_default=""),
    Column("program_id", BigInteger, ForeignKey("programs.id")),
    Column("creator_user_id", BigInteger, nullable=False),
    Column("create_request_id", Text),
    Column("revision", BigInteger, nullable=False, server_default="1"),
    Column("create_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("update_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("delete_time", DateTime(timezone=True)),
    # Set when an admin freed the page of this deleted event (page_releases says who): a new event may use it.
    Column("page_free_time", DateTime(timezone=True)),
    # One registration per page: deleted events keep their page until an admin frees it.
    Index("events_page_key", "page_wiki", "page_title", unique=True, postgresql_where=text("page_free_time IS NULL")),
    UniqueConstraint("creator_user_id", "create_request_id", name="events_create_request_key"),
    Index("events_program", "program_id"),
)

# The counter row locked late in a registration's transaction: the only lock capacity needs.
event_counters = Table(
    "event_counters", metadata,
    Column("event_id", BigInteger, ForeignKey("events.id"), primary_key=True),
    Column("registered", Integer, nullable=False, server_default="0"),
    Column("private", Integer, nullable=False, server_default="0"),
    Column("waitlisted", Integer, nullable=False, server_default="0"),
    Column("next_queue_seq", BigInteger, nullable=False, server_default="1"),
    Column("revision", BigInteger, nullable=False, server_default="0"),
)

organizers = Table(
    "organizers", metadata,
    Column("event_id", BigInteger, ForeignKey("events.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("role", Text, nullable=False),
    Column("policy_accept_time", DateTime(timezone=True)),
    Column("create_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("delete_time", DateTime(timezone=True)),
    PrimaryKeyConstraint("event_id", "user_id"),
    Index("organizers_user", "user_id"),
)

participants = Table(
    "participants", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event_id", BigInteger, ForeignKey("events.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("state", Text, nullable=False),
    Column("queue_seq", BigInteger, nullable=False),
    Column("register_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("first_answer_time", DateTime(timezone=True)),
    Column("aggregation_time", DateTime(timezone=True)),
    Column("delete_time", DateTime(timezone=True)),
    # Grows on every change the stream reports (pb.Participant.revision), set with the outbox row.
    Column("revision", BigInteger, nullable=False, server_default="1"),
    UniqueConstraint("event_id", "user_id", name="participants_event_user_key"),
    Index("participants_user", "user_id"),
    Index("participants_due", "first_answer_time", postgresql_where=text("aggregation_time IS NULL")),
)

answers = Table(
    "answers", metadata,
    Column("participant_id", BigInteger, ForeignKey("participants.id"), nullable=False),
    Column("question_id", SmallInteger, nullable=False),
    Column("option", SmallInteger, nullable=False),
    Column("text", Text, nullable=False, server_default=""),
    PrimaryKeyConstraint("participant_id", "question_id"),
)

answer_aggregates = Table(
    "answer_aggregates", metadata,
    Column("event_id", BigInteger, ForeignKey("events.id"), nullable=False),
    Column("question_id", SmallInteger, nullable=False),
    Column("option", SmallInteger, nullable=False),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("event_id", "question_id", "option"),
)

# Organizers' messages to participants, kept for the per-sender rate limit and for the record.
organizer_messages = Table(
    "organizer_messages", metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("event_id", BigInteger, ForeignKey("events.id"), nullable=False),
    Column("sender_user_id", BigInteger, nullable=False),
    Column("subject", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("recipient_count", Integer, nullable=False),
    Column("send_time", DateTime(timezone=True), nullable=False),
    Index("organizer_messages_sender_time", "sender_user_id", "send_time"),
)

# Deleted events' pages freed by an admin, for the record: who, when, which page (once per event).
page_releases = Table(
    "page_releases", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event_id", BigInteger, ForeignKey("events.id"), nullable=False),
    Column("page_wiki", Text, nullable=False),
    Column("page_title", Text, nullable=False),
    Column("admin_user_id", BigInteger, nullable=False),
    Column("admin_name", Text, nullable=False),
    Column("free_time", DateTime(timezone=True), nullable=False),
    UniqueConstraint("event_id", name="page_releases_event_key"),
)

# Wrong passcodes per person and event, for the limit on tries (domain.passcodes); older ones are dropped as
# the person's next wrong try is written.
passcode_tries = Table(
    "passcode_tries", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event_id", BigInteger, ForeignKey("events.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("try_time", DateTime(timezone=True), nullable=False),
    Index("passcode_tries_person", "event_id", "user_id", "try_time"),
)

# The Dashboard's hierarchy: a campaign holds programs, a program holds events (events.program_id).
campaigns = Table(
    "campaigns", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("creator_user_id", BigInteger, nullable=False),
    # Grows on every update: an update that names another revision is refused.
    Column("revision", BigInteger, nullable=False, server_default="1"),
    Column("create_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("update_time", DateTime(timezone=True), nullable=False, server_default=NOW),
)

programs = Table(
    "programs", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("campaign_id", BigInteger, ForeignKey("campaigns.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("creator_user_id", BigInteger, nullable=False),
    Column("revision", BigInteger, nullable=False, server_default="1"),
    Column("create_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("update_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    Index("programs_campaign", "campaign_id", "id"),
)

campaign_coordinators = Table(
    "campaign_coordinators", metadata,
    Column("campaign_id", BigInteger, ForeignKey("campaigns.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("campaign_id", "user_id"),
    Index("campaign_coordinators_user", "user_id"),
)

program_coordinators = Table(
    "program_coordinators", metadata,
    Column("program_id", BigInteger, ForeignKey("programs.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("position", Integer, nullable=False),
    PrimaryKeyConstraint("program_id", "user_id"),
    Index("program_coordinators_user", "user_id"),
)

# Programs an event's organizers took it out of: its coordinators may not put it back (domain/campaigns.py).
# Gone once the event is back in that program.
program_withdrawals = Table(
    "program_withdrawals", metadata,
    Column("event_id", BigInteger, ForeignKey("events.id"), nullable=False),
    Column("program_id", BigInteger, ForeignKey("programs.id"), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("withdraw_time", DateTime(timezone=True), nullable=False, server_default=NOW),
    PrimaryKeyConstraint("event_id", "program_id"),
)

outbox = outbox_table(metadata)
processed_messages = processed_messages_table(metadata)
