"""Builders for valid requests, changed only where a test cares."""
import datetime
import uuid

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb

FORMAT = "%Y-%m-%dT%H:%M:%S"


def local(delta: datetime.timedelta, now: datetime.datetime | None = None) -> str:
    return ((now or datetime.datetime.now(datetime.UTC)) + delta).strftime(FORMAT)


def event(**overrides) -> pb.Event:
    values = dict(
        page=pb.EventPage(wiki="enwiki", title=f"Event:Test {uuid.uuid4().hex[:12]}"),
        timezone="UTC",
        start_local_time=local(datetime.timedelta(days=2)),
        end_local_time=local(datetime.timedelta(days=3)),
        types=["editing-event"],
        participation_options=pb.PARTICIPATION_OPTIONS_ONLINE,
        meeting_url="https://meet.example.org/x",
        chat_url="https://chat.example.org/x",
        wikis=["enwiki"],
        topics=["art"],
    )
    values.update(overrides)
    return pb.Event(**values)


async def create(stub, metadata, **overrides) -> pb.Event:
    policy = overrides.pop("accept_policy", False)
    return await stub.CreateEvent(api.CreateEventRequest(event=event(**overrides), accept_personal_data_policy=policy),
                                  metadata=metadata)


async def register(stub, metadata, event_id: int, private: bool = False, answers=(), passcode: str = ""):
    return await stub.RegisterParticipant(
        api.RegisterParticipantRequest(event_id=event_id, private=private, answers=list(answers), passcode=passcode),
        metadata=metadata)
