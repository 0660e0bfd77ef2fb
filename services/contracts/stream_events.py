"""Reading the stream's events (registration's and invitations'), for the services that consume them."""
import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from eventcenter.invitations.v1 import events_pb2 as invitations_events
from eventcenter.registration.v1 import events_pb2

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
