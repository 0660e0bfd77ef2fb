"""The words of events that the APIs, the stream and every service's copies share (docs/rules.md "Events"):
event types and participation options. Defined here once; each service's own limits stay in its domain."""
EVENT_TYPES = (
    "editing-event", "media-upload-event", "backlog-drive", "contest", "workshop",
    "training-seminar", "meetup", "hackathon", "conference",
)
OTHER_TYPE = "other"

ONLINE = "online"
IN_PERSON = "in_person"
HYBRID = "online_and_in_person"
PARTICIPATION_OPTIONS = (ONLINE, IN_PERSON, HYBRID)

# An event's address, in bytes: what registration accepts and what the gateway's form says before it asks.
MAX_ADDRESS_BYTES = 8192
