"""Registration's use cases on in-memory stores, wired through the real bootstrap: creating events, registering
(open, full, closed, ended, private, with a passcode, again), cancelling with promotion from the waiting list,
organizer rights, blocked users and stale revisions. No PostgreSQL, no NATS."""
from types import SimpleNamespace

import pytest

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.errors import Aborted, FailedPrecondition, PermissionDenied
from tests import builders
from tests.people import organizer, person

REGISTERED, WAITLISTED = pb.REGISTRATION_STATE_REGISTERED, pb.REGISTRATION_STATE_WAITLISTED


async def _create(ring, who, **overrides) -> pb.Event:
    return await ring.call(who, "CreateEvent", api.CreateEventRequest(event=builders.event(**overrides)))


async def _register(ring, who, event_id: int, private: bool = False, passcode: str = ""):
    request = api.RegisterParticipantRequest(event_id=event_id, private=private, passcode=passcode)
    return await ring.call(who, "RegisterParticipant", request)


async def _counts(ring, event_id: int) -> tuple[int, int, int]:
    seen = await ring.call(person(), "GetEvent", api.GetEventRequest(event_id=event_id))
    return seen.counts.registered, seen.counts.waitlisted, seen.counts.private


def _emitted(ring, kind) -> list:
    return [e for e in ring.uow.emitted if isinstance(e, kind)]


async def test_an_organizer_creates_an_event_once_per_request_and_its_creation_is_emitted(ring):
    ada = organizer()
    request = api.CreateEventRequest(event=builders.event(participant_limit=2), request_id="r-1")
    created = await ring.call(ada, "CreateEvent", request)
    again = await ring.call(ada, "CreateEvent", request)
    assert created.id and again.id == created.id and created.participant_limit == 2
    [announced] = _emitted(ring, events_pb2.EventCreated)
    assert announced.event.id == created.id and [o.user_id for o in announced.organizers] == [ada.user_id]


async def test_creating_an_event_needs_the_organizer_right_and_changes_nothing_without_it(ring):
    with pytest.raises(PermissionDenied) as refused:
        await _create(ring, person())
    assert refused.value.reason == "ORGANIZER_RIGHT_REQUIRED"
    assert ring.uow.tables.events == {} and ring.uow.emitted == []


async def test_registrations_take_places_then_the_waiting_list_in_arrival_order(ring):
    event = await _create(ring, organizer(), participant_limit=1)
    first = await _register(ring, person(), event.id)
    second, third = await _register(ring, person(), event.id), await _register(ring, person(), event.id)
    assert first.modified and first.registration.participant.state == REGISTERED
    assert [a.registration.participant.state for a in (second, third)] == [WAITLISTED, WAITLISTED]
    assert [a.registration.participant.waitlist_position for a in (second, third)] == [1, 2]
    assert await _counts(ring, event.id) == (1, 2, 0)
    registered = _emitted(ring, events_pb2.ParticipantRegistered)
    assert [r.event.counts.registered + r.event.counts.waitlisted for r in registered] == [1, 2, 3]


async def test_a_private_registration_is_counted_as_private(ring):
    event = await _create(ring, organizer())
    answer = await _register(ring, person(), event.id, private=True)
    assert answer.registration.participant.private and await _counts(ring, event.id) == (1, 0, 1)


async def test_a_closed_or_ended_event_takes_no_newcomer(ring):
    ada = organizer()
    closed = await _create(ring, ada)
    closed.status = pb.EVENT_STATUS_CLOSED  # (an event is created open)
    await ring.call(ada, "UpdateEvent", api.UpdateEventRequest(event=closed))
    with pytest.raises(FailedPrecondition) as refused:
        await _register(ring, person(), closed.id)
    assert refused.value.reason == "EVENT_CLOSED"
    ended = await _create(ring, organizer())
    ring.clock.advance(days=4)
    with pytest.raises(FailedPrecondition) as refused:
        await _register(ring, person(), ended.id)
    assert refused.value.reason == "EVENT_ENDED" and await _counts(ring, ended.id) == (0, 0, 0)


async def test_registering_again_edits_the_registration(ring):
    event = await _create(ring, organizer())
    noor = person()
    await _register(ring, noor, event.id)
    again = await _register(ring, noor, event.id, private=True)
    unchanged = await _register(ring, noor, event.id, private=True)
    assert again.modified and again.registration.participant.private and not unchanged.modified
    assert await _counts(ring, event.id) == (1, 0, 1)
    assert len(_emitted(ring, events_pb2.RegistrationChanged)) == 1


async def test_a_wrong_passcode_is_refused_and_its_try_counted(ring):
    event = await _create(ring, organizer(), passcode="s3cret")
    lior = person()
    with pytest.raises(PermissionDenied) as refused:
        await _register(ring, lior, event.id, passcode="guess")
    assert refused.value.reason == "INCORRECT_PASSCODE" and len(ring.uow.tables.passcode_tries) == 1
    assert (await _register(ring, lior, event.id, passcode="s3cret")).modified


async def test_a_blocked_user_is_refused(ring):
    event = await _create(ring, organizer())
    kim = person()
    ring.uow.tables.users[kim.user_id] = SimpleNamespace(
        user_id=kim.user_id, name=kim.name, rights=[], signed_in_rights=[], revoked_rights=[], blocked=True,
        block_reason="spam", standing_version=1)
    for who in (kim, person(blocked=True)):  # blocked here, or by their token
        with pytest.raises(PermissionDenied) as refused:
            await _register(ring, who, event.id)
        assert refused.value.reason == "USER_BLOCKED"
    assert await _counts(ring, event.id) == (0, 0, 0)


async def test_cancelling_a_place_promotes_the_first_who_waits(ring):
    event = await _create(ring, organizer(), participant_limit=1)
    sam, ola, eli = person(), person(), person()
    for who in (sam, ola, eli):
        await _register(ring, who, event.id)
    cancelled = await ring.call(sam, "CancelRegistration", api.CancelRegistrationRequest(event_id=event.id))
    assert cancelled.modified and await _counts(ring, event.id) == (1, 1, 0)
    [promoted] = _emitted(ring, events_pb2.WaitlistPromoted)
    assert promoted.participant.user_id == ola.user_id and promoted.participant.state == REGISTERED
    own = await ring.call(eli, "GetOwnRegistration", api.GetOwnRegistrationRequest(event_id=event.id))
    assert own.participant.state == WAITLISTED and own.participant.waitlist_position == 1
    again = await ring.call(sam, "CancelRegistration", api.CancelRegistrationRequest(event_id=event.id))
    assert not again.modified


async def test_only_the_event_s_organizers_edit_it(ring):
    ada = organizer()
    event = await _create(ring, ada)
    for who in (organizer(), person()):
        with pytest.raises(PermissionDenied):
            await ring.call(who, "UpdateEvent", api.UpdateEventRequest(event=event))
    changed = pb.Event()
    changed.CopyFrom(event)
    changed.description = "Bring a laptop"
    updated = await ring.call(ada, "UpdateEvent", api.UpdateEventRequest(event=changed))
    assert updated.description == "Bring a laptop" and updated.revision == event.revision + 1


async def test_an_edit_made_from_a_stale_revision_is_refused(ring):
    ada = organizer()
    event = await _create(ring, ada)
    changed = pb.Event()
    changed.CopyFrom(event)
    changed.description = "first"
    await ring.call(ada, "UpdateEvent", api.UpdateEventRequest(event=changed, expected_revision=event.revision))
    changed.description = "second"
    with pytest.raises(Aborted) as refused:
        await ring.call(ada, "UpdateEvent", api.UpdateEventRequest(event=changed, expected_revision=event.revision))
    assert refused.value.reason == "REVISION_CHANGED"
    seen = await ring.call(ada, "GetEvent", api.GetEventRequest(event_id=event.id))
    assert seen.description == "first"
