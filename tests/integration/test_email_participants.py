"""Organizers email participants: recipients, the copy to self, the 5-in-24-hours limit, and the stream event."""
import re

import grpc
import pytest

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.registration.domain import messaging
from tests import builders, stream
from tests.people import md, organizer, person

SUBJECT = "eventcenter.registration.v1.ParticipantsEmailed"
TEXT = "Bring your laptop and a charger, please."


def _emailed(message) -> events_pb2.ParticipantsEmailed:
    payload = events_pb2.ParticipantsEmailed()
    payload.ParseFromString(message.data)
    return payload


def _request(event_id: int, **overrides) -> api.EmailParticipantsRequest:
    values = dict(event_id=event_id, subject="Tomorrow", message=TEXT, all=True)
    values.update(overrides)
    return api.EmailParticipantsRequest(**values)


async def _event_with_people(stub, ada, count: int, **overrides):
    event = await builders.create(stub, md(ada), **overrides)
    people = [person() for _ in range(count)]
    for index, someone in enumerate(people):
        await builders.register(stub, md(someone), event.id, private=index % 2 == 1)
    return event, people


async def test_everyone_private_included_gets_the_message_through_the_stream(stub, infra):
    ada = organizer()
    event, people = await _event_with_people(stub, ada, 3)
    answer = await stub.EmailParticipants(_request(event.id), metadata=md(ada))
    assert answer.recipients == 3 and answer.message_id
    [published] = await stream.wait_for(infra.nats_url, SUBJECT,
                                        lambda m: _emailed(m).message_id == answer.message_id, expected=1)
    emailed = _emailed(published)
    assert sorted(emailed.recipient_user_ids) == sorted(p.user_id for p in people)
    assert emailed.sender_user_id == ada.user_id and emailed.sender_name == ada.name
    assert emailed.subject == "Tomorrow" and emailed.message == TEXT and emailed.event.id == event.id


async def test_named_or_all_but_named_and_waiting_people_are_left_out(stub):
    ada = organizer()
    event, people = await _event_with_people(stub, ada, 3, participant_limit=3)
    await builders.register(stub, md(person()), event.id)  # waits: not a participant yet
    named = await stub.EmailParticipants(_request(event.id, all=False, user_ids=[people[0].user_id]), metadata=md(ada))
    assert named.recipients == 1
    others = await stub.EmailParticipants(
        _request(event.id, all=False, user_ids=[people[0].user_id], invert_users=True), metadata=md(ada))
    assert others.recipients == 2


async def test_a_participating_sender_asking_for_a_copy_is_not_counted_twice(stub, infra):
    ada = organizer()
    event, people = await _event_with_people(stub, ada, 1)
    await builders.register(stub, md(ada), event.id)
    copied = await stub.EmailParticipants(_request(event.id, cc_sender=True), metadata=md(ada))
    plain = await stub.EmailParticipants(_request(event.id), metadata=md(ada))
    assert copied.recipients == 1 and plain.recipients == 2
    [message] = await stream.wait_for(infra.nats_url, SUBJECT,
                                      lambda m: _emailed(m).message_id == copied.message_id, expected=1)
    assert _emailed(message).cc_sender and list(_emailed(message).recipient_user_ids) == [people[0].user_id]


@pytest.mark.parametrize("subject, message, field", [("", TEXT, "subject"), ("Hi", "too short", "message"),
                                                     ("Hi", "x" * 2001, "message")])
async def test_bad_subject_or_message_is_refused_with_the_field(stub, subject, message, field):
    ada = organizer()
    event, _ = await _event_with_people(stub, ada, 1)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.EmailParticipants(_request(event.id, subject=subject, message=message), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in caught.value.details()


async def test_only_the_events_organizers_may_send(stub):
    ada = organizer()
    event, people = await _event_with_people(stub, ada, 1)
    for someone in (people[0], organizer()):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.EmailParticipants(_request(event.id), metadata=md(someone))
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.EmailParticipants(_request(987654321), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


async def test_five_messages_in_24_hours_then_refused_until_the_window_moves(stub, clock):
    ada = organizer()
    event, _ = await _event_with_people(stub, ada, 1)
    for _ in range(5):
        await stub.EmailParticipants(_request(event.id), metadata=md(ada))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.EmailParticipants(_request(event.id), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert re.search(r"Try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$", caught.value.details())
    clock.advance(hours=24, minutes=1)
    assert (await stub.EmailParticipants(_request(event.id), metadata=md(ada))).recipients == 1


@pytest.mark.parametrize("subject", ["Tomorrow\r\nBcc: everyone@example.org", "Tomorrow\nat ten", "Tomorrow\rat ten"],
                         ids=["CRLF", "LF", "CR"])
async def test_a_subject_with_a_line_break_is_refused_up_front_and_counts_nothing(stub, infra, subject):
    ada = organizer()
    event, _ = await _event_with_people(stub, ada, 1)
    for _ in range(messaging.MESSAGES_PER_WINDOW + 1):  # as many as would reach the limit, and one more
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.EmailParticipants(_request(event.id, subject=subject), metadata=md(ada))
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "subject" in caught.value.details()
    sent = [await stub.EmailParticipants(_request(event.id), metadata=md(ada))
            for _ in range(messaging.MESSAGES_PER_WINDOW)]  # the day's whole allowance is still there
    assert all(s.recipients == 1 for s in sent)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub.EmailParticipants(_request(event.id), metadata=md(ada))
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    emailed = await stream.wait_for(infra.nats_url, SUBJECT, lambda m: _emailed(m).event.id == event.id,
                                    expected=messaging.MESSAGES_PER_WINDOW)
    assert len(emailed) == messaging.MESSAGES_PER_WINDOW and {_emailed(m).subject for m in emailed} == {"Tomorrow"}
