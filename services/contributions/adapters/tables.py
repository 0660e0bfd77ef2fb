"""The contributions schema (SQLAlchemy Core); the migrations create exactly these."""
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY

from eventcenter.services.kernel.outbox import processed_messages_table
from eventcenter.services.kernel.standings import standings_table

metadata = MetaData()

# This service's copy of the registration events: what the rules for associating edits need.
events = Table(
    "events", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("revision", BigInteger, nullable=False),
    Column("wikis", ARRAY(Text), nullable=False, server_default="{}"),
    Column("all_wikis", Boolean, nullable=False),
    Column("start_utc", DateTime(timezone=True), nullable=False),
    Column("end_utc", DateTime(timezone=True), nullable=False),
    Column("tracks_contributions", Boolean, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("organizer_ids", ARRAY(BigInteger), nullable=False, server_default="{}"),
    # Their usernames, in the same order (for the Dashboard's check that the linker organizes the course).
    Column("organizer_names", ARRAY(Text), nullable=False, server_default="{}"),
)

# Registrations: the active ones (not waitlisted) may have their edits associated. A cancelled or removed one is
# kept (removed, not active) with its revision, so that an older copy arriving late cannot bring the person back.
participants = Table(
    "participants", metadata,
    Column("event_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("user_name", Text, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("removed", Boolean, nullable=False, server_default="false"),
    # The registration's revision (pb.Participant.revision): the newest copy wins.
    Column("revision", BigInteger, nullable=False, server_default="0"),
    PrimaryKeyConstraint("event_id", "user_id"),
    Index("participants_name", "event_id", "user_name"),
)

# One revision, associated with one event (whatever the event: the unique (wiki, rev_id)).
contributions = Table(
    "contributions", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event_id", BigInteger, nullable=False),
    Column("wiki", Text, nullable=False),
    Column("rev_id", BigInteger, nullable=False),
    Column("page_title", Text, nullable=False),
    Column("namespace", Integer, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("user_name", Text, nullable=False),
    # The author's choice when the edit was associated (their current one, while registered, wins).
    Column("private", Boolean, nullable=False),
    # When the author's account was registered on the wiki (new editors); null when the wiki does not say.
    Column("user_registration", DateTime(timezone=True)),
    Column("edit_time", DateTime(timezone=True), nullable=False),
    Column("bytes_delta", BigInteger, nullable=False),
    Column("page_created", Boolean, nullable=False),
    Column("links_added", Integer, nullable=False),
    Column("links_removed", Integer, nullable=False),
    Column("words_added", BigInteger, nullable=False),
    Column("associated_by", BigInteger, nullable=False),  # 0: gathered from the event's worklist
    Column("create_time", DateTime(timezone=True), nullable=False),
    # The revision or its page was deleted, or its author or text hidden: kept, but counted for nothing until
    # the wiki shows it again.
    Column("deleted", Boolean, nullable=False, server_default="false"),
    Column("checked_time", DateTime(timezone=True)),
    UniqueConstraint("wiki", "rev_id", name="contributions_one_event_per_revision"),
    Index("contributions_event", "event_id", "id"),
)

goals = Table(
    "goals", metadata,
    Column("event_id", BigInteger, primary_key=True, autoincrement=False),
    Column("metric", Text, nullable=False),
    Column("target", BigInteger, nullable=False),
    Column("set_by", BigInteger, nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    # Grows on every change of the goal (adapters/revised.py).
    Column("revision", BigInteger, nullable=False, server_default="1"),
)

# An event's link with a Programs & Events Dashboard course. A change of the public participants bumps
# change_version; the sync loop sends the whole list and records the version the Dashboard accepted.
dashboard_links = Table(
    "dashboard_links", metadata,
    Column("event_id", BigInteger, primary_key=True, autoincrement=False),
    Column("dashboard_url", Text, nullable=False),
    Column("course_slug", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("linked_by", BigInteger, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("change_version", BigInteger, nullable=False, server_default="1"),
    Column("synced_version", BigInteger, nullable=False, server_default="0"),
    # The event was deleted: tell the Dashboard, then drop the link.
    Column("unsync_requested", Boolean, nullable=False, server_default="false"),
    Column("last_sync_time", DateTime(timezone=True)),
    Column("last_error_code", Text),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_time", DateTime(timezone=True)),
)

# An event's worklist: the articles whose edits by participants are gathered automatically while `gathering`
# says so.
worklists = Table(
    "worklists", metadata,
    Column("event_id", BigInteger, nullable=False),
    Column("wiki", Text, nullable=False),
    Column("title", Text, nullable=False),
    PrimaryKeyConstraint("event_id", "wiki", "title"),
)

# Whether an event's worklist edits are gathered, and when next: a replica claims an event by moving
# next_time forward (SKIP LOCKED), so replicas share the events and never read one twice at once.
gathering = Table(
    "gathering", metadata,
    Column("event_id", BigInteger, primary_key=True, autoincrement=False),
    Column("enabled", Boolean, nullable=False),
    Column("set_by", BigInteger, nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("next_time", DateTime(timezone=True), nullable=False),
    Column("last_time", DateTime(timezone=True)),
    # The worklist's revision: grows on every change the organizers make (never by gathering itself).
    Column("revision", BigInteger, nullable=False, server_default="1"),
    Index("gathering_due", "next_time", postgresql_where="enabled"),
)

# How far each participant's edits on a wiki have been read for an event (a newcomer's from the event's start).
gather_cursors = Table(
    "gather_cursors", metadata,
    Column("event_id", BigInteger, nullable=False),
    Column("wiki", Text, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("read_until", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("event_id", "wiki", "user_id"),
)

# The check of associated revisions against their wikis (deleted, hidden, moved), one row, claimed like
# `gathering`: where the last pass stopped and when the next is due.
checks = Table(
    "checks", metadata,
    Column("name", Text, primary_key=True),
    Column("after_id", BigInteger, nullable=False),
    Column("next_time", DateTime(timezone=True), nullable=False),
)

processed_messages = processed_messages_table(metadata)
# What operators decided about people, from registration's stream (kernel.standings).
user_standings = standings_table(metadata)
