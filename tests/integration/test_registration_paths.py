"""A newcomer's registration takes the direct path (four round trips for a whole batch of calls); what it cannot
decide alone goes to the general path. Both must leave the same state: these are the cases that cross from one to
the other."""
import asyncio

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from tests import builders
from tests.people import md, organizer, person


async def _names(stub, event_id: int, metadata) -> set[str]:
    found = await stub.ListParticipants(api.ListParticipantsRequest(event_id=event_id, include_private=True,
                                                                    page_size=20), metadata=metadata)
    return {p.user_name for p in found.participants}


async def test_an_account_renamed_to_a_name_another_holds_registers_and_frees_the_name(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    first = person()
    await builders.register(stub, md(first), event.id)
    # The name moved to a new global account (the old one was renamed on the wiki): the new one registers.
    second = person(name=first.name)
    answer = await builders.register(stub, md(second), event.id)
    assert answer.modified and answer.registration.participant.user_name == first.name
    assert await _names(stub, event.id, md(ada)) == {first.name, f"{first.name} (#{first.user_id})"}


async def test_a_returning_participant_keeps_their_row_and_comes_back_as_new(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada), question_ids=[4], participant_limit=1)
    noor = person()
    first = await builders.register(stub, md(noor), event.id, answers=[pb.Answer(question_id=4, option=2)])
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(noor))
    await builders.register(stub, md(person()), event.id)  # takes the only place meanwhile
    back = await builders.register(stub, md(noor), event.id, private=True)
    participant = back.registration.participant
    assert back.modified and participant.participant_id == first.registration.participant.participant_id
    assert participant.state == pb.REGISTRATION_STATE_WAITLISTED and participant.waitlist_position == 1
    assert list(back.registration.answers) == []
    own = await stub.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event.id), metadata=md(noor))
    assert own.participant.register_time.ToDatetime() > first.registration.participant.register_time.ToDatetime()
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert (seen.counts.registered, seen.counts.waitlisted, seen.counts.private) == (1, 1, 0)


async def test_a_cancelled_person_coming_back_twice_at_once_counts_once(stub):
    ada = organizer()
    event = await builders.create(stub, md(ada))
    lior = person()
    await builders.register(stub, md(lior), event.id)
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(lior))
    answers = await asyncio.gather(*(builders.register(stub, md(lior), event.id, private=True) for _ in range(8)))
    assert sum(a.modified for a in answers) == 1
    assert all(a.registration.participant.private for a in answers)
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert (seen.counts.registered, seen.counts.private) == (1, 1)
