"""Capacity under concurrency: a strict limit, a waiting list in arrival order, automatic promotion.

The race tests can fail: as a negative control, the same race run on a service whose counter lock is turned off
(a test-only switch, see UnitOfWork) oversells, and the test asserts that it does."""
import asyncio
from dataclasses import dataclass

import grpc
import pytest
from sqlalchemy import text

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.registration.bootstrap import RegistrationService
from tests import builders
from tests.people import md, organizer, person

PASSCODE = "race-passcode"
# Registrations of events without a passcode are written in batches (group_commit.py, adapters/newcomers.py);
# those of events with one go through the general path (registration_cases.register), where tries are counted.
PATHS = {"batched": "", "general": PASSCODE}
# Sessions waiting for a lock the given database session holds.
BLOCKED_BY = text("SELECT count(*) FROM pg_stat_activity WHERE CAST(:pid AS integer) = ANY(pg_blocking_pids(pid))")
BACKEND = "SELECT pg_backend_pid()"


@pytest.fixture(scope="module")
async def unlocked(registration_settings, registration):
    """A registration service on the same database with its counter lock turned off (the test-only switch)."""
    service = RegistrationService(registration_settings, run_timers=False, unlocked_counters_for_tests=True)
    port = await service.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        service.stub = registration_service_pb2_grpc.RegistrationServiceStub(channel)
        yield service
    await service.stop()


@dataclass
class Race:
    registered: int  # answered with a place
    counted: int  # the event's count
    waitlisted: int
    waited_on_the_lock: bool


async def _backend(work) -> int:
    """The database session of a registration's transaction, on either path."""
    if hasattr(work, "connection"):  # the batched path's DirectWork
        return await work.connection.fetchval(BACKEND)
    return (await work.session.execute(text(BACKEND))).scalar_one()


async def _until_answered_or_blocked_by(service, answers: asyncio.Future, held: int) -> bool:
    """Whether some registration waits for a lock the held transaction holds, before all are answered."""
    while not answers.done():
        async with service.engine.connect() as connection:
            if (await connection.execute(BLOCKED_BY, {"pid": held})).scalar_one():
                return True
        await asyncio.sleep(0.01)
    return False


async def _race_holding_the_first(service, stub, path: str, limit: int = 5, count: int = 50) -> Race:
    """`count` people register at once for `limit` places, in the interleaving that a missing lock cannot survive:
    the first registration's transaction is held right after it read the counters while the others race it, and
    let go once they are all answered or one of them waits for a lock it holds (as they must for the counter
    lock, when there is one). Without the lock the held one read the counters of an empty event: it takes a place
    beyond those the others filled."""
    ada = organizer()
    event = await builders.create(stub, md(ada), participant_limit=limit, passcode=PATHS[path])
    first_read, release = asyncio.Future(), asyncio.Event()

    async def hold_the_first(work) -> None:
        if not first_read.done():
            first_read.set_result(await _backend(work))
            await release.wait()

    untouched, service.uow.counters_read = service.uow.counters_read, hold_the_first
    try:
        first = asyncio.create_task(builders.register(stub, md(person()), event.id, passcode=PATHS[path]))
        held = await first_read
        others = asyncio.gather(*(builders.register(stub, md(person()), event.id, passcode=PATHS[path])
                                  for _ in range(count - 1)))
        waited = await _until_answered_or_blocked_by(service, others, held)
        release.set()
        answers = [await first, *await others]
    finally:
        release.set()
        service.uow.counters_read = untouched
    states = [a.registration.participant.state for a in answers]
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(ada))
    assert seen.counts.registered + seen.counts.waitlisted == count  # nobody lost, whatever the lock
    return Race(states.count(pb.REGISTRATION_STATE_REGISTERED), seen.counts.registered, seen.counts.waitlisted, waited)


@pytest.mark.parametrize("path", PATHS)
async def test_negative_control_without_the_counter_lock_the_same_race_oversells(unlocked, path):
    race = await _race_holding_the_first(unlocked, unlocked.stub, path)
    assert race.registered > 5 and race.counted > 5, race
    assert not race.waited_on_the_lock  # nothing held the others back


@pytest.mark.parametrize("path", PATHS)
async def test_with_the_counter_lock_the_same_race_never_oversells(registration, stub, path):
    race = await _race_holding_the_first(registration, stub, path)
    assert (race.registered, race.counted, race.waitlisted) == (5, 5, 45), race
    assert race.waited_on_the_lock  # the others really ran into the held transaction's counter lock


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
    registered = [
        p
        for p, a in zip(people, answers, strict=False)
        if a.registration.participant.state == pb.REGISTRATION_STATE_REGISTERED
    ]
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
