"""The registration service as the invitations service asks it: events, their organizers and participants."""
from dataclasses import dataclass, field

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.identity import Identity


@dataclass
class FakeRegistration:
    """Events by id, their organizers, and the names registered for each event."""
    events: dict[int, pb.Event] = field(default_factory=dict)
    organizers: dict[int, set[int]] = field(default_factory=dict)
    participants: dict[int, set[str]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)  # the calls made, in order

    def add_event(self, event: pb.Event, organizer_ids: set[int], participants: set[str] = frozenset()) -> None:
        self.events[event.id] = event
        self.organizers[event.id] = set(organizer_ids)
        self.participants[event.id] = set(participants)

    async def event(self, caller: Identity, event_id: int) -> pb.Event | None:
        self.asked.append("event")
        return self.events.get(event_id)

    async def organizer_ids(self, caller: Identity, event_id: int) -> set[int]:
        self.asked.append("organizer_ids")
        return set(self.organizers.get(event_id, ()))

    async def past_participants(self, caller: Identity) -> tuple[set[str], list[pb.Event]]:
        self.asked.append("past_participants")
        ended = [e for i, e in self.events.items() if e.ended and caller.user_id in self.organizers[i]]
        names = {n for e in ended for n in self.participants[e.id]} - {caller.name}
        return names, ended
