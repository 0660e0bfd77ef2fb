"""Reading the registration service's events, for the services that consume them."""
import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from eventcenter.invitations.v1 import events_pb2 as invitations_events
from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb

ONLINE, IN_PERSON, HYBRID = "online", "in_person", "online_and_in_person"
PARTICIPATION = {pb.PARTICIPATION_OPTIONS_ONLINE: ONLINE, pb.PARTICIPATION_OPTIONS_IN_PERSON: IN_PERSON,
                 pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON: HYBRID}
# Events by full name (the stream's type header).
PAYLOADS = {d.full_name: getattr(module, d.name) for module in (events_pb2, invitations_events)
            for d in module.DESCRIPTOR.message_types_by_name.values()}


def parse(type_name: str, data: bytes) -> Message | None:
    """None for a kind of event this version does not know (a newer producer): nothing to do with it."""
    kind = PAYLOADS.get(type_name)
    if kind is None:
        return None
    payload = kind()
    payload.ParseFromString(data)
    return payload


def utc(timestamp: Timestamp) -> datetime.datetime:
    return timestamp.ToDatetime(tzinfo=datetime.UTC)
