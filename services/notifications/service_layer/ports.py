"""What the use cases ask of storage, as the unit of work hands it to them: the SQL adapters
(adapters/repositories.py) in the service, in-memory ones in the use-case tests. Rows are whatever the
adapter reads (attribute access only)."""
import datetime
from typing import Any, Protocol

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.notifications.domain.kinds import Switches
from eventcenter.services.notifications.domain.message_model import EventFacts
from eventcenter.services.notifications.domain.outgoing import Outgoing, Recipients, Sent


class Copies(Protocol):
    """This service's copy of events and their registrations, with the reminders each event's start plans."""

    async def keep_event(self, event: pb.Event, organizer_names: list[str] | None, now: datetime.datetime) -> bool:
        """Keeps the newest copy; False when this copy is older than the one kept."""

    async def load_event(self, event_id: int) -> Any: ...

    async def facts(self, event_id: int, public_url: str) -> EventFacts: ...

    async def keep_participant(self, event_id: int, participant: pb.Participant) -> Any:
        """The copy kept after this one (`registered`, `removed`): this one, or a newer."""

    async def remove_participants(self, event_id: int, people: list[pb.Participant]) -> None: ...


class Contacts(Protocol):
    async def contact(self, user_id: int) -> Any: ...

    async def save_contact(self, user_id: int, user_name: str, email: str | None, language: str | None,
                           now: datetime.datetime) -> Any: ...

    async def set_accept_user_mail(self, user_id: int, user_name: str, accept: bool) -> None: ...

    async def switches(self, user_id: int) -> dict[str, Switches]: ...

    async def save_switches(self, user_id: int, kind: str, chosen: Switches) -> None: ...

    async def reachable_by_email(self, user_ids: list[int], kind: str, user_mail: bool) -> list[int]: ...


class Fanout(Protocol):
    async def send(self, outgoing: Outgoing, recipients: Recipients, now: datetime.datetime) -> Sent | None:
        """Records the message and queues it for each recipient who wants it; None when its cause made one."""


class Inbox(Protocol):
    async def page(self, user_id: int, after_id: int, size: int, unread_only: bool) -> list: ...

    async def unread_count(self, user_id: int) -> int: ...

    async def mark_read(self, user_id: int, ids: list[int] | None, now: datetime.datetime) -> int: ...


class DueReminders(Protocol):
    async def take_due(self, now: datetime.datetime, limit: int) -> list: ...

    async def settle(self, event_id: int, offset: str, state: str) -> None: ...


class Deliveries(Protocol):
    async def message(self, message_id: int) -> Any: ...

    async def release(self, delivery_id: int, now: datetime.datetime) -> None: ...

    async def mark_failed(self, delivery_id: int, error: str, retry_at: datetime.datetime | None) -> None: ...

    async def log_page(self, state: str, user_id: int, event_id: int, after_id: int, size: int) -> list: ...

    async def state_counts(self) -> dict[str, int]: ...
