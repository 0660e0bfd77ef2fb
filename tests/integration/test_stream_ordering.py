"""Events of one event may reach a consumer out of order or twice (several relays or consumers, a retried
message): every change registration publishes carries a revision, of the event and of each registration, and every
consumer's copies end the same whatever the order. The removed participant who came back with a late copy of their
registration (and was sent the new meeting link) is the case that showed it."""
import datetime
import random

import pytest
from sqlalchemy import select

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.stream_events import parse
from eventcenter.services.kernel import bus
from eventcenter.services.kernel.timestamps import timestamp
from tests import builders, stream
from tests.integration.test_organizers_api import _known_organizer
from tests.people import admin, md, organizer, person

SUBJECT = "eventcenter.registration.v1.>"
SEEDS = (1, 2, 3, 4, 5)


def _parsed(message):
    """The payload, or None for what registration did not publish (other tests' messages on its subjects)."""
    type_name = (message.headers or {}).get(bus.HEADER_TYPE)
    return parse(type_name, message.data) if type_name else None


def _of_event(message, event_id: int) -> bool:
    payload = _parsed(message)
    return payload is not None and "event" in payload.DESCRIPTOR.fields_by_name and payload.event.id == event_id


@pytest.fixture(scope="module")
async def lifecycle(stub, infra):
    """One event's whole life through the real registration service: registrations with a place and on the waiting
    list, a change of visibility, two changes of organizers, an update of the meeting link, a cancellation and a
    promotion, a return, a removal and another promotion. Its messages as the stream holds them, in order."""
    ada = organizer()
    dan = await _known_organizer(stub, admin())
    bea, cy, eve = person(), person(), person()
    event = await builders.create(stub, md(ada), participant_limit=1)
    await builders.register(stub, md(bea), event.id)
    await builders.register(stub, md(cy), event.id)  # waiting list
    await builders.register(stub, md(cy), event.id, private=True)
    await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, dan.name]),
                             metadata=md(ada))
    current = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    current.meeting_url = "https://meet.example.org/new-link"
    await stub.UpdateEvent(api.UpdateEventRequest(event=current), metadata=md(ada))
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(bea))  # cy promoted
    await builders.register(stub, md(bea), event.id)  # back, on the waiting list
    await stub.RemoveParticipants(api.RemoveParticipantsRequest(event_id=event.id, user_ids=[cy.user_id]),
                                  metadata=md(ada))  # bea promoted
    await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name]),
                             metadata=md(ada))
    await builders.register(stub, md(eve), event.id)  # waiting list
    messages = await stream.wait_for(infra.nats_url, SUBJECT, lambda m: _of_event(m, event.id), expected=13)
    found = [(m.headers[bus.HEADER_TYPE], _parsed(m), m.headers[bus.HEADER_MESSAGE_ID]) for m in messages]
    return found, (bea, cy, eve)


def _registrations(messages) -> dict[int, list[tuple[str, pb.Participant]]]:
    found = {}
    for _, payload, _ in messages:
        people = list(payload.participants) if payload.DESCRIPTOR.name == "ParticipantsRemoved" else \
            [payload.participant] if "participant" in payload.DESCRIPTOR.fields_by_name else []
        for participant in people:
            found.setdefault(participant.user_id, []).append((payload.DESCRIPTOR.name, participant))
    return found


async def test_each_change_of_a_registration_carries_a_newer_revision(lifecycle):
    messages, (bea, cy, eve) = lifecycle
    assert len(messages) == 13
    changes = _registrations(messages)
    assert [(kind, p.revision) for kind, p in changes[bea.user_id]] == [
        ("ParticipantRegistered", 1), ("ParticipantCancelled", 2), ("ParticipantRegistered", 3),
        ("WaitlistPromoted", 4)]
    assert [(kind, p.revision) for kind, p in changes[cy.user_id]] == [
        ("ParticipantRegistered", 1), ("RegistrationChanged", 2), ("WaitlistPromoted", 3),
        ("ParticipantsRemoved", 4)]
    assert [(kind, p.revision) for kind, p in changes[eve.user_id]] == [("ParticipantRegistered", 1)]


async def test_a_change_of_organizers_is_a_new_revision_of_the_event(lifecycle):
    messages, _ = lifecycle
    carrying = [(payload.DESCRIPTOR.name, payload.event.revision, [o.user_name for o in payload.organizers])
                for _, payload, _ in messages if "organizers" in payload.DESCRIPTOR.fields_by_name]
    assert [kind for kind, _, _ in carrying] == ["EventCreated", "OrganizersChanged", "EventUpdated",
                                                 "OrganizersChanged"]
    revisions = [revision for _, revision, _ in carrying]
    assert revisions == sorted(set(revisions))  # each one newer than the one before
    assert len(carrying[1][2]) == len(carrying[2][2]) == 2 and len(carrying[3][2]) == 1


def _for_event(messages, event_id: int, run: str):
    """The lifecycle's messages as another event's (so that each order fills copies of its own), each with its own
    message id: a duplicate keeps the id of its original, as a redelivery does."""
    found = []
    for type_name, payload, message_id in messages:
        copy = type(payload)()
        copy.CopyFrom(payload)
        copy.event.id = event_id
        found.append((type_name, copy.SerializeToString(), {bus.HEADER_MESSAGE_ID: f"{message_id}:{run}"}))
    return found


def _deliveries(messages, seed: int | None) -> list[list]:
    """In order, one message a transaction; or shuffled with some messages twice, in batches of 1 to 5 applied
    together (as the consumer applies what it fetched at once)."""
    if seed is None:
        return [[m] for m in messages]
    rng = random.Random(seed)
    shuffled = messages + rng.sample(messages, len(messages) // 2)
    rng.shuffle(shuffled)
    batches = []
    while shuffled:
        size = rng.randint(1, 5)
        batches.append(shuffled[:size])
        shuffled = shuffled[size:]
    return batches


async def _feed(sessions, handle, settle, batches) -> None:
    for batch in batches:
        async with sessions() as session, session.begin():
            for type_name, data, headers in batch:
                await handle(session, type_name, data, headers)
            if settle is not None:
                await settle(session)


async def _rows(session, table, key: str, event_id: int, order_by: str) -> list[dict]:
    rows = await session.execute(select(table).where(table.c[key] == event_id).order_by(table.c[order_by]))
    return [{k: v for k, v in row._mapping.items() if k != key} for row in rows]


def _collaboration(service):
    from eventcenter.services.collaboration.adapters import tables
    from eventcenter.services.collaboration.entrypoints import stream as collaboration_stream

    async def copies(session, event_id):
        return (await _rows(session, tables.events, "id", event_id, "id"),
                await _rows(session, tables.organizers, "event_id", event_id, "position"),
                await _rows(session, tables.search_documents, "event_id", event_id, "event_id"))
    feed = collaboration_stream.ReadModelFeed(service.collaboration)
    return feed.handle, feed.settle, copies


def _contributions(service):
    from eventcenter.services.contributions.adapters import tables
    from eventcenter.services.contributions.entrypoints.stream import registration_event_handler

    async def copies(session, event_id):
        return (await _rows(session, tables.events, "id", event_id, "id"),
                await _rows(session, tables.participants, "event_id", event_id, "user_id"))
    return registration_event_handler(), None, copies


def _notifications(service):
    from eventcenter.services.notifications.adapters import tables

    async def copies(session, event_id):
        return (await _rows(session, tables.events, "id", event_id, "id"),
                await _rows(session, tables.participants, "event_id", event_id, "user_id"))
    return service.handle, None, copies


CONSUMERS = {"collaboration": _collaboration, "contributions": _contributions, "notifications": _notifications}


@pytest.fixture(params=sorted(CONSUMERS))
def consumer(request):
    """A consumer's name and its running service."""
    return request.param, request.getfixturevalue(request.param)


async def test_shuffled_and_repeated_events_leave_the_copies_that_the_order_leaves(consumer, lifecycle):
    consumer, service = consumer
    handle, settle, copies = CONSUMERS[consumer](service)
    messages, (bea, cy, eve) = lifecycle
    found = {}
    for seed in (None, *SEEDS):
        event_id = random.randint(10**12, 10**13)
        await _feed(service.sessions, handle, settle, _deliveries(_for_event(messages, event_id, f"{seed}"), seed))
        async with service.sessions() as session:
            found[seed] = await copies(session, event_id)
    in_order = found.pop(None)
    assert in_order[0] and in_order[0][0]["revision"] == max(p.event.revision for _, p, _ in messages)
    for seed, kept in found.items():
        assert kept == in_order, f"seed {seed}"
    if consumer != "collaboration":  # (which keeps no participants)
        people = {row["user_id"]: (row["removed"], row["revision"]) for row in in_order[1]}
        assert people == {bea.user_id: (False, 4), cy.user_id: (True, 4), eve.user_id: (False, 1)}


def _event(event_id: int, revision: int, **changes) -> pb.Event:
    values = dict(id=event_id, revision=revision, name="Late copies", timezone="UTC", wikis=["testwiki"],
                  tracks_contributions=True, meeting_url="https://meet.example.org/old",
                  participation_options=pb.PARTICIPATION_OPTIONS_ONLINE,
                  start_time=_in_days(2), end_time=_in_days(3))
    return pb.Event(**{**values, **changes})


def _in_days(days: int):
    return timestamp(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days))


def _late_registration(event_id: int, user_id: int) -> list:
    """Bea registers, then cancels; her registration's message arrives after her cancellation's, and then the
    meeting link changes."""
    bea = pb.Participant(user_id=user_id, user_name="Bea", state=pb.REGISTRATION_STATE_REGISTERED, revision=1)
    gone = pb.Participant(user_id=user_id, user_name="Bea", state=pb.REGISTRATION_STATE_REGISTERED, revision=2)
    organizers = [pb.Organizer(user_id=1, user_name="Ada", role=pb.ORGANIZER_ROLE_CREATOR)]
    return [events_pb2.EventCreated(event=_event(event_id, 1), organizers=organizers),
            events_pb2.ParticipantCancelled(event=_event(event_id, 1), participant=gone),
            events_pb2.ParticipantRegistered(event=_event(event_id, 1), participant=bea),
            events_pb2.EventUpdated(event=_event(event_id, 2, meeting_url="https://meet.example.org/new"),
                                    organizers=organizers, changed_fields=["meeting_url"])]


async def _feed_payloads(service, handle, payloads) -> None:
    await _feed(service.sessions, handle, None, [[(p.DESCRIPTOR.full_name, p.SerializeToString(),
                                                   {bus.HEADER_MESSAGE_ID: f"late-{random.random()}"})]
                                                 for p in payloads])


async def test_a_cancelled_participant_stays_gone_in_notifications_and_gets_no_new_meeting_link(notifications):
    from eventcenter.services.notifications.adapters import tables

    event_id, user_id = random.randint(10**12, 10**13), random.randint(10**12, 10**13)
    await _feed_payloads(notifications, notifications.handle, _late_registration(event_id, user_id))
    async with notifications.sessions() as session:
        listed = await session.scalars(select(tables.participants.c.user_id).where(
            tables.participants.c.event_id == event_id, tables.participants.c.removed.is_(False)))
        assert list(listed) == []
        told = await session.execute(select(tables.messages.c.key).join(
            tables.inbox_items, tables.inbox_items.c.message_id == tables.messages.c.id).where(
            tables.messages.c.event_id == event_id, tables.inbox_items.c.user_id == user_id))
        assert list(told.scalars()) == []  # neither the late confirmation nor the change of the meeting link


async def test_a_cancelled_participant_stays_gone_in_contributions(contributions):
    from eventcenter.services.contributions.adapters import copies
    from eventcenter.services.contributions.entrypoints.stream import registration_event_handler

    event_id, user_id = random.randint(10**12, 10**13), random.randint(10**12, 10**13)
    await _feed_payloads(contributions, registration_event_handler(), _late_registration(event_id, user_id))
    async with contributions.sessions() as session:
        assert await copies.active_participant(session, event_id, "Bea") is None
        assert await copies.active_count(session, event_id) == 0
