"""Group commit: newcomers' calls written in one transaction each get the answer they would get alone, and together
leave the counters, the waiting list and the outbox as one call at a time would."""
import asyncio
import collections

from prometheus_client import REGISTRY
from sqlalchemy import select

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.errors import InvalidArgument, NotFound
from eventcenter.services.kernel.identity import ANONYMOUS
from eventcenter.services.registration.adapters.registration_batches import NewcomerCall, register_newcomers
from eventcenter.services.registration.adapters.tables import outbox
from eventcenter.services.registration.domain.questions import AnswerValue
from tests import builders
from tests.people import md, organizer, person


def _call(identity, event_id, private=False, answers=(), passcode=""):
    return NewcomerCall(identity, event_id, private, list(answers), passcode)


async def _counts(stub, event_id, metadata):
    seen = await stub.GetEvent(api.GetEventRequest(event_id=event_id), metadata=metadata)
    return seen.counts.registered, seen.counts.waitlisted, seen.counts.private


async def test_calls_in_one_batch_each_get_their_own_answer(stub, registration):
    ada = organizer()
    full = await builders.create(stub, md(ada), participant_limit=3, question_ids=[4])
    locked = await builders.create(stub, md(ada), passcode="s3cret")
    one, two, three, repeat, wrong, lost, curious = (person() for _ in range(7))
    await builders.register(stub, md(repeat), full.id)
    calls = [_call(one, full.id), _call(two, full.id, private=True), _call(three, full.id),
             _call(one, locked.id, passcode="s3cret"),  # the same person again: left to the general path
             _call(repeat, full.id), _call(ANONYMOUS, full.id),
             _call(wrong, locked.id, passcode="guess"),  # a passcode event: its tries are counted on the general path
             _call(lost, 10**15), _call(curious, full.id, answers=[AnswerValue(question_id=9, option=1)])]
    outcomes = await registration.uow.run_direct(lambda work: register_newcomers(work, calls))

    first, second, third = (outcome[1].participant for outcome in outcomes[:3])
    assert (first.state, second.state, third.state) == (
        pb.REGISTRATION_STATE_REGISTERED, pb.REGISTRATION_STATE_REGISTERED, pb.REGISTRATION_STATE_WAITLISTED)
    assert third.waitlist_position == 1 and second.private
    assert outcomes[3:7] == [None, None, None, None]
    assert isinstance(outcomes[7], NotFound)
    assert isinstance(outcomes[8], InvalidArgument)
    assert await _counts(stub, full.id, md(ada)) == (3, 1, 1)  # `repeat` was registered before
    assert await _counts(stub, locked.id, md(ada)) == (0, 0, 0)
    waiting = await stub.ListWaitlist(api.ListWaitlistRequest(event_id=full.id), metadata=md(ada))
    assert [p.user_id for p in waiting.participants] == [three.user_id]
    # The one left to the general path registers there.
    again = await builders.register(stub, md(one), locked.id, passcode="s3cret")
    assert again.modified and await _counts(stub, locked.id, md(ada)) == (1, 0, 0)


async def test_a_batch_with_no_newcomer_writes_nothing(stub, registration):
    event = await builders.create(stub, md(organizer()))
    outcomes = await registration.uow.run_direct(
        lambda work: register_newcomers(work, [_call(ANONYMOUS, event.id), _call(person(), 10**15)]))
    assert outcomes[0] is None and isinstance(outcomes[1], NotFound)


def _batches() -> tuple[float, float]:
    name = "eventcenter_registration_batch_calls"
    return REGISTRY.get_sample_value(f"{name}_count") or 0, REGISTRY.get_sample_value(f"{name}_sum") or 0


async def test_concurrent_newcomers_share_transactions_and_count_as_one_at_a_time(stub, registration):
    ada = organizer()
    events = [await builders.create(stub, md(ada), participant_limit=10) for _ in range(3)]
    batches_before, calls_before = _batches()
    people = [person() for _ in range(90)]
    answers = await asyncio.gather(*(builders.register(stub, md(p), events[i % 3].id) for i, p in enumerate(people)))
    batches, calls = _batches()
    assert calls - calls_before == 90 and batches - batches_before < 90  # some calls shared a transaction
    assert all(a.modified for a in answers)
    for event in events:
        assert await _counts(stub, event.id, md(ada)) == (10, 20, 0)
        waiting = await stub.ListWaitlist(api.ListWaitlistRequest(event_id=event.id), metadata=md(ada))
        assert [p.waitlist_position for p in waiting.participants] == list(range(1, 21))
    # Each event's registrations went to the outbox with the counters one after another.
    async with registration.sessions() as session:
        payloads = (await session.execute(select(outbox.c.payload).where(
            outbox.c.type == events_pb2.ParticipantRegistered.DESCRIPTOR.full_name))).scalars().all()
    seen = collections.defaultdict(list)
    for payload in payloads:
        message = events_pb2.ParticipantRegistered.FromString(payload)
        seen[message.event.id].append(message.event.counts.registered + message.event.counts.waitlisted)
    for event in events:
        assert sorted(seen[event.id]) == list(range(1, 31))
