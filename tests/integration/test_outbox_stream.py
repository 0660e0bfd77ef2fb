"""Every state change reaches JetStream through the outbox, exactly once, even across a NATS outage."""
import asyncio
import collections
import uuid

import nats.errors
import pytest
from sqlalchemy import MetaData, insert, select

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.kernel import bus
from eventcenter.services.kernel.outbox import outbox_table
from eventcenter.services.kernel.relay import OutboxRelay
from eventcenter.services.registration.adapters.tables import outbox
from tests import builders, stream
from tests.people import md, organizer, person
from tests.waiting import eventually

SUBJECT = "eventcenter.registration.v1.>"


def _parsed(message):
    kind = message.subject.rsplit(".", 1)[1]
    payload = getattr(events_pb2, kind)()
    payload.ParseFromString(message.data)
    return kind, payload


def _for_event(event_id):
    """Events about that event (not those about no event: AnswersAggregated, UserStandingChanged)."""
    def about(message) -> bool:
        payload = _parsed(message)[1]
        return "event" in payload.DESCRIPTOR.fields_by_name and payload.event.id == event_id
    return about


async def test_a_registration_lifecycle_is_published_in_order_with_message_ids(stub, infra):
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=1)
    first, second = person(), person()
    await builders.register(stub, md(first), event.id)
    await builders.register(stub, md(second), event.id)
    await builders.register(stub, md(second), event.id, private=True)
    await stub.CancelRegistration(api.CancelRegistrationRequest(event_id=event.id), metadata=md(first))
    await stub.DeleteEvent(api.DeleteEventRequest(event_id=event.id), metadata=md(ada))
    messages = await stream.wait_for(infra.nats_url, SUBJECT, _for_event(event.id), expected=7)
    kinds = [_parsed(m)[0] for m in messages]
    assert kinds == ["EventCreated", "ParticipantRegistered", "ParticipantRegistered", "RegistrationChanged",
                     "ParticipantCancelled", "WaitlistPromoted", "EventDeleted"]
    ids = [m.headers[bus.HEADER_MESSAGE_ID] for m in messages]
    assert len(set(ids)) == len(ids)
    promoted = _parsed(messages[5])[1]
    assert promoted.participant.user_id == second.user_id and promoted.event.counts.registered == 1
    created = _parsed(messages[0])[1]
    assert created.organizers[0].user_id == ada.user_id and created.event.meeting_url
    assert all(m.headers[bus.HEADER_TYPE].startswith("eventcenter.registration.v1.") for m in messages)


async def test_registrations_succeed_while_nats_is_down_and_arrive_once_after(stub, infra):
    if infra.nats is None:
        pytest.skip("needs the embedded nats-server to stop and start it")
    event = await builders.create(stub, md(organizer()))
    people = [person() for _ in range(5)]
    infra.nats.stop()
    try:
        for someone in people:
            answer = await builders.register(stub, md(someone), event.id)
            assert answer.modified
        await asyncio.sleep(1.0)  # the relay tries, fails, and keeps the rows
    finally:
        infra.nats.start()
    registered = await stream.wait_for(
        infra.nats_url, "eventcenter.registration.v1.ParticipantRegistered", _for_event(event.id), expected=5)
    await asyncio.sleep(1.0)
    registered = [m for m in await stream.read_all(infra.nats_url, "eventcenter.registration.v1.ParticipantRegistered")
                  if _for_event(event.id)(m)]
    users = collections.Counter(_parsed(m)[1].participant.user_id for m in registered)
    assert users == collections.Counter({p.user_id: 1 for p in people})


async def test_several_relays_publish_each_row_once(registration, infra):
    rows = [dict(id=uuid.uuid4(), subject="eventcenter.registration.v1.AnswersAggregated",
                 type="eventcenter.registration.v1.AnswersAggregated",
                 payload=events_pb2.AnswersAggregated(event_id=-(i + 1), participants_aggregated=i).SerializeToString(),
                 headers={}) for i in range(300)]
    async with registration.sessions() as session, session.begin():
        await session.execute(insert(outbox), rows)
    connection = await bus.connect(infra.nats_url, "test-relays")
    try:
        relays = [OutboxRelay(registration.sessions, outbox, connection.jetstream(), batch_size=25) for _ in range(3)]

        async def drain(relay):
            while await relay.publish_pending():
                pass

        await asyncio.gather(*(drain(r) for r in relays))
    finally:
        await connection.close()
    wanted = {str(r["id"]) for r in rows}
    found = [m for m in await stream.read_all(infra.nats_url, "eventcenter.registration.v1.AnswersAggregated")
             if m.headers.get(bus.HEADER_MESSAGE_ID) in wanted]
    assert collections.Counter(m.headers[bus.HEADER_MESSAGE_ID] for m in found) == collections.Counter(wanted)
    async with registration.sessions() as session:
        left = (await session.execute(select(outbox.c.id).where(outbox.c.id.in_([r["id"] for r in rows]),
                                                                outbox.c.publish_time.is_(None)))).all()
    assert left == []


async def test_payloads_never_carry_answers(stub, infra):
    event = await builders.create(stub, md(organizer()), question_ids=[5])
    from eventcenter.registration.v1 import resources_pb2 as pb

    await builders.register(
        stub, md(person()), event.id, answers=[pb.Answer(question_id=5, option=1, text="SECRET-AFFILIATE")]
    )
    messages = await stream.wait_for(infra.nats_url, SUBJECT, _for_event(event.id), expected=2)
    assert messages and all(b"SECRET-AFFILIATE" not in m.data for m in messages)


async def test_organizer_changes_updates_removals_and_aggregation_are_published(stub, infra, clock, registration):
    from eventcenter.registration.v1 import resources_pb2 as pb
    from eventcenter.services.kernel.identity import RIGHT_ORGANIZER
    from eventcenter.services.registration.entrypoints.retention import run_retention_once
    from tests.people import admin

    ada, bashir = organizer(), organizer()
    await stub.GrantRight(api.ChangeRightRequest(user_id=bashir.user_id, name=bashir.name, right=RIGHT_ORGANIZER),
                          metadata=md(admin()))
    event = await builders.create(stub, md(ada), question_ids=[4])
    await stub.SetOrganizers(api.SetOrganizersRequest(event_id=event.id, organizer_usernames=[ada.name, bashir.name]),
                             metadata=md(ada))
    event.status = pb.EVENT_STATUS_CLOSED
    await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    nuno = person()
    event.status = pb.EVENT_STATUS_OPEN
    await stub.UpdateEvent(api.UpdateEventRequest(event=event), metadata=md(ada))
    await builders.register(stub, md(nuno), event.id, answers=[pb.Answer(question_id=4, option=1)])
    await builders.register(stub, md(person()), event.id, answers=[pb.Answer(question_id=4, option=2)])
    await stub.RemoveParticipants(
        api.RemoveParticipantsRequest(event_id=event.id, user_ids=[nuno.user_id]), metadata=md(ada)
    )
    clock.advance(days=4)
    await run_retention_once(registration.uow)
    kinds = [_parsed(m)[0] for m in await stream.wait_for(infra.nats_url, SUBJECT, _for_event(event.id), expected=7)]
    assert kinds == ["EventCreated", "OrganizersChanged", "EventUpdated", "EventUpdated", "ParticipantRegistered",
                     "ParticipantRegistered", "ParticipantsRemoved"]
    aggregated = [_parsed(m)[1] for m in await stream.wait_for(
        infra.nats_url, "eventcenter.registration.v1.AnswersAggregated",
        lambda m: _parsed(m)[1].event_id == event.id, expected=1)]
    assert [a.participants_aggregated for a in aggregated] == [1]


async def test_a_relay_under_load_lets_its_next_batch_gather(registration, infra):
    """After publishing a batch, the relay waits a moment before the next one, so rows written meanwhile go
    together; a row written while it is idle goes at once (the first batch)."""
    # An outbox of the test's own, so that the service's relay does not take its rows (without the outbox's
    # index, whose name is the schema's).
    table = outbox_table(MetaData()).to_metadata(MetaData(), name=f"outbox_linger_{uuid.uuid4().hex[:8]}")
    table.indexes.clear()
    async with registration.engine.begin() as connection:
        await connection.run_sync(table.create)

    async def write(count: int) -> None:
        async with registration.sessions() as session, session.begin():
            await session.execute(insert(table), [dict(
                id=uuid.uuid4(), subject="eventcenter.test.v1.Linger", type="eventcenter.test.v1.Linger",
                payload=b"", headers={}) for _ in range(count)])

    connection = await bus.connect(infra.nats_url, "test-relay-linger")
    relay = OutboxRelay(registration.sessions, table, connection.jetstream(), linger_seconds=1.0)
    batches, publish_pending = [], relay.publish_pending

    async def recorded() -> int:
        count = await publish_pending()
        if count:
            batches.append(count)
        return count
    relay.publish_pending = recorded
    stop = asyncio.Event()
    try:
        await write(2)
        running = asyncio.create_task(relay.run(stop))
        await eventually(lambda: batches == [2])
        for _ in range(3):  # one at a time, each waking the relay, while it lets the next batch gather
            await write(1)
            relay.written.set()
        await eventually(lambda: sum(batches) == 5)
        assert batches == [2, 3]
        stop.set()
        await running
    finally:
        await connection.close()
        async with registration.engine.begin() as connection:
            await connection.run_sync(table.drop)


class _AckLost:
    """JetStream whose acknowledgement of one message never comes back: the message is stored, the publish fails."""
    def __init__(self, js, lost_id: str) -> None:
        self.js, self.lost_id = js, lost_id

    async def publish(self, subject, payload, timeout, headers):
        await self.js.publish(subject, payload, timeout=timeout, headers=headers)
        if headers[bus.HEADER_MESSAGE_ID] == self.lost_id:
            raise nats.errors.TimeoutError


async def test_a_batch_failing_partway_is_marked_up_to_the_failure_and_the_rest_arrive_once_in_order(registration,
                                                                                                     infra):
    table = outbox_table(MetaData()).to_metadata(MetaData(), name=f"outbox_partial_{uuid.uuid4().hex[:8]}")
    table.indexes.clear()
    ids = [uuid.uuid4() for _ in range(6)]
    async with registration.engine.begin() as connection:
        await connection.run_sync(table.create)
        await connection.execute(insert(table), [dict(id=i, subject="eventcenter.test.v1.Partial", payload=b"",
                                                      type="eventcenter.test.v1.Partial", headers={}) for i in ids])
    connection = await bus.connect(infra.nats_url, "test-relay-partial")
    try:
        relay = OutboxRelay(registration.sessions, table, _AckLost(connection.jetstream(), str(ids[3])))
        with pytest.raises(nats.errors.TimeoutError):
            await relay.publish_pending()
        async with registration.sessions() as session:
            marked = (await session.execute(select(table.c.id).where(table.c.publish_time.is_not(None)))).scalars()
            assert set(marked) == set(ids[:3])
        assert await OutboxRelay(registration.sessions, table, connection.jetstream()).publish_pending() == 3
    finally:
        await connection.close()
        async with registration.engine.begin() as connection:
            await connection.run_sync(table.drop)
    wanted = {str(i) for i in ids}
    arrived = [
        m.headers[bus.HEADER_MESSAGE_ID]
        for m in await stream.read_all(infra.nats_url, "eventcenter.test.v1.Partial")
        if m.headers.get(bus.HEADER_MESSAGE_ID) in wanted
    ]
    assert arrived == [str(i) for i in ids]
