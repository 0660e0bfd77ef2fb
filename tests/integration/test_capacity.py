"""Capacity under concurrency: a strict limit, a waiting list in arrival order, automatic promotion."""
import asyncio

import grpc
import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from tests import builders
from tests.people import md, organizer, person


async def test_200_concurrent_registrations_at_limit_50(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=50)
    people = [person() for _ in range(200)]
    answers = await asyncio.gather(*(builders.register(stub, md(p), event.id) for p in people))
    states = [a.registration.participant.state for a in answers]
    assert states.count(pb.REGISTRATION_STATE_REGISTERED) == 50
    assert states.count(pb.REGISTRATION_STATE_WAITLISTED) == 150
    positions = sorted(a.registration.participant.waitlist_position for a in answers
                       if a.registration.participant.state == pb.REGISTRATION_STATE_WAITLISTED)
    assert positions == list(range(1, 151))
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert (seen.counts.registered, seen.counts.waitlisted) == (50, 150)
    waitlist = await stub.ListWaitlist(api.ListWaitlistRequest(event_id=event.id), metadata=md(ada))
    assert [p.waitlist_position for p in waitlist.participants] == list(range(1, 151))
    times = [p.register_time.ToDatetime() for p in waitlist.participants]
    assert times == sorted(times)  # arrival order
    registered = [p for p, a in zip(people, answers) if a.registration.participant.state == pb.REGISTRATION_STATE_REGISTERED]
    latest_registered = max(a.registration.participant.register_time.ToDatetime() for a in answers
                            if a.registration.participant.state == pb.REGISTRATION_STATE_REGISTERED)
    assert latest_registered <= times[0] and len(registered) == 50


async def test_cancel_promotes_the_first_waiting_person(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=1)
    first, second, third = person(), person(), person()
    for someone in (first, second, third):
        await builders.register(stub, md(someone), event.id)
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(first))
    promoted = await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(second))
    still = await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(third))
    assert promoted.participant.state == pb.REGISTRATION_STATE_REGISTERED
    assert still.participant.state == pb.REGISTRATION_STATE_WAITLISTED and still.participant.waitlist_position == 1


async def test_removal_and_a_raised_limit_promote_in_order(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=1)
    people = [person() for _ in range(4)]
    for someone in people:
        await builders.register(stub, md(someone), event.id, private=someone is people[1])
    await stub.RemoveParticipants(api.RemoveParticipantsRequest(event_id=event.id, user_ids=[people[0].user_id]),
                                  metadata=md(ada))
    event = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert (event.counts.registered, event.counts.private, event.counts.waitlisted) == (1, 1, 2)
    event.participant_limit = 3
    raised = await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    assert raised.participant_limit == 3
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert (seen.counts.registered, seen.counts.waitlisted) == (3, 0)


async def test_newcomers_wait_behind_people_already_waiting(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=1)
    a, b, c = person(), person(), person()
    await builders.register(stub, md(a), event.id)
    await builders.register(stub, md(b), event.id)
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(a))
    late = await builders.register(stub, md(c), event.id)
    assert late.registration.participant.state == pb.REGISTRATION_STATE_WAITLISTED


async def test_same_person_registering_twice_at_once_counts_once(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=5)
    lior = person()
    answers = await asyncio.gather(*(builders.register(stub, md(lior), event.id) for _ in range(8)),
                                   return_exceptions=True)
    assert not [a for a in answers if isinstance(a, grpc.aio.AioRpcError)]
    assert sum(a.modified for a in answers) == 1
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert seen.counts.registered == 1


@pytest.mark.parametrize("limit", [-1, 100_001])
async def test_participant_limit_out_of_range_is_invalid(stub, limit):
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await builders.create(stub, md(organizer()), participant_limit=limit)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
