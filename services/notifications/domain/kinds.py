"""The kinds of notification. Each goes by email and to the in-app inbox unless the person turned that off;
organizers' messages also need the person to accept mail from other users (adapters/contacts.py applies
these rules in the database, where a fan-out to thousands stays one statement)."""
from dataclasses import dataclass

CONFIRMATION = "registration_confirmation"
ORGANIZER_MESSAGE = "organizer_message"
EVENT_CHANGED = "event_changed"
EVENT_CANCELLED = "event_cancelled"
WAITLIST_PROMOTED = "waitlist_promoted"
REMINDER = "reminder"
INVITATION_LIST_READY = "invitation_list_ready"
KINDS = (CONFIRMATION, ORGANIZER_MESSAGE, EVENT_CHANGED, EVENT_CANCELLED, WAITLIST_PROMOTED, REMINDER,
         INVITATION_LIST_READY)
EMAIL, IN_APP = "email", "in_app"
CHANNELS = (EMAIL, IN_APP)


@dataclass(frozen=True)
class Switches:
    email: bool = True
    in_app: bool = True


DEFAULT = Switches()


def switches_of(saved: dict[str, Switches], kind: str) -> Switches:
    return saved.get(kind, DEFAULT)

