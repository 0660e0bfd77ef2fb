"""The fixed vocabularies and limits of events (docs/rules.md "Events"): the words other services share come
from the contracts (types, participation options, the address's length); registration's own limits are here."""
# Re-exported: registration's code reads them here with its own limits (v.ONLINE, v.MAX_WIKIS).
from eventcenter.services.contracts.vocabulary import (  # noqa: F401
    EVENT_TYPES,
    HYBRID,
    IN_PERSON,
    MAX_ADDRESS_BYTES,
    ONLINE,
    OTHER_TYPE,
    PARTICIPATION_OPTIONS,
)

MAX_TYPES = 2

STATUS_OPEN = "open"
STATUS_CLOSED = "closed"

# Namespaces an event page may live in: Event (1728) and Project (4).
EVENT_NAMESPACES = {"Event": 1728, "Project": 4}

MAX_WIKIS = 100
MAX_TOPICS = 5
MAX_TITLE_BYTES = 255
MAX_URL_LENGTH = 2048
MAX_PASSCODE_LENGTH = 64
MAX_DESCRIPTION_LENGTH = 10_000
MAX_PARTICIPANT_LIMIT = 100_000
MIN_ORGANIZERS = 1
MAX_ORGANIZERS = 10
PARTICIPANTS_PAGE = 20
EVENTS_BY_USER_LIMIT = 50
