"""The fixed vocabularies and limits of events (docs/rules.md "Events")."""
EVENT_TYPES = (
    "editing-event", "media-upload-event", "backlog-drive", "contest", "workshop",
    "training-seminar", "meetup", "hackathon", "conference",
)
OTHER_TYPE = "other"
MAX_TYPES = 2

STATUS_OPEN = "open"
STATUS_CLOSED = "closed"

ONLINE = "online"
IN_PERSON = "in_person"
HYBRID = "online_and_in_person"
PARTICIPATION_OPTIONS = (ONLINE, IN_PERSON, HYBRID)

# Namespaces an event page may live in: Event (1728) and Project (4).
EVENT_NAMESPACES = {"Event": 1728, "Project": 4}

MAX_WIKIS = 100
MAX_TOPICS = 5
MAX_ADDRESS_BYTES = 8192
MAX_TITLE_BYTES = 255
MAX_URL_LENGTH = 2048
MAX_PASSCODE_LENGTH = 64
MAX_DESCRIPTION_LENGTH = 10_000
MAX_PARTICIPANT_LIMIT = 100_000
MIN_ORGANIZERS = 1
MAX_ORGANIZERS = 10
PARTICIPANTS_PAGE = 20
EVENTS_BY_USER_LIMIT = 50
