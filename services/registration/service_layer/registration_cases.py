"""Use cases of a person's own registration: register (or edit), read it, cancel it."""
from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.errors import (
    FailedPrecondition,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    ServiceError,
)
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.registration.adapters import protobuf
from eventcenter.services.registration.adapters.registration_batches import NewcomerCall
from eventcenter.services.registration.domain import access, capacity, passcodes, registering
from eventcenter.services.registration.domain.questions import AnswerValue
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.participant_cases import promote_waiting
from eventcenter.services.registration.service_layer.unit_of_work import UnitOfWork, Work


async def _passcode_refusal(work: Work, event_row, user_id: int, passcode: str) -> ServiceError | None:
    """None when the event asks no passcode or it is right. A wrong one is written down and its refusal returned,
    not raised, so that the try is committed and counts; past the limit, the passcode is not even compared."""
    if not event_row.passcode:
        return None
    await work.store.people.lock_user(user_id)  # one person's tries are counted one at a time
    since = passcodes.window_start(work.now)
    recent = await work.store.passcode_tries.recent_wrong(event_row.id, user_id, since, passcodes.MAX_WRONG_TRIES)
    if (wait := passcodes.wait_before_next_try(recent, work.now)) is not None:
        raise ResourceExhausted("PASSCODE_TRIES_EXCEEDED", "error-passcode-attempts", retry_delay=wait,
                                minutes=passcodes.whole_minutes(wait), event_id=event_row.id)
    if passcodes.matches(event_row.passcode, passcode):
        return None
    await work.store.passcode_tries.record_wrong(event_row.id, user_id, work.now, since)
    return PermissionDenied("INCORRECT_PASSCODE", "error-passcode", event_id=event_row.id)


async def _position(work: Work, row) -> int:
    if row.state != capacity.WAITLISTED:
        return 0
    return await work.store.participants.waitlist_position(row.event_id, row.queue_seq)


async def register_participant(uow: UnitOfWork, identity: Identity, event_id: int, private: bool,
                               answers: list[AnswerValue], passcode: str) -> tuple[bool, pb.Registration]:
    """Whether anything changed, and the registration. A newcomer's call is written in a batch with others when it
    can be; what a batch cannot decide alone (an edit, a passcode, a race) goes to `register`."""
    outcome = await uow.register_newcomer(NewcomerCall(identity, event_id, private, answers, passcode)) \
        or await uow.run(lambda work: register(work, identity, event_id, private, answers, passcode))
    if isinstance(outcome, ServiceError):  # a wrong passcode, whose try is committed
        raise outcome
    return outcome


async def register(work: Work, identity: Identity, event_id: int, private: bool, answers: list[AnswerValue],
                   passcode: str) -> tuple[bool, pb.Registration] | ServiceError:
    """Whether anything changed, and the registration; or a wrong passcode's refusal, to raise once this
    transaction (which counts the try) is committed."""
    caller = await callers.resolve(work, identity, remember=True)
    event_row = await work.store.events.get_event(event_id)
    request = registering.Request(event_id, private, answers)
    # Would the call be allowed as an edit (caller, event, answers)? Only then is the person's row read and locked.
    admitted = registering.decide(event_row, caller, request, work.now, active=True)
    if isinstance(admitted, registering.Refused):
        raise admitted.error
    existing = await work.store.participants.get(event_id, caller.user_id, lock=True)
    if existing is not None and existing.delete_time is None:
        return await _edit(work, event_row, existing, private, admitted.answers)
    decision = registering.decide(event_row, caller, request, work.now)
    if isinstance(decision, registering.Refused):
        raise decision.error
    if isinstance(decision, registering.PasscodeAsked) and (
            refusal := await _passcode_refusal(work, event_row, caller.user_id, passcode)):
        return refusal
    # Everything is checked: only now take the event's counter lock, held to the commit.
    counters = await work.store.events.counters(event_id, lock=work.lock_counters)
    await work.counters_read(work)
    placed = registering.decide(event_row, caller, request, work.now, counters=registering.Counters.of(counters),
                                passcode_checked=True)
    assert isinstance(placed, registering.Placed)
    row = await work.store.participants.insert_or_reactivate(event_id, caller.user_id, private, placed.state,
                                                  placed.queue_seq)
    if row is None:  # the same person registered meanwhile: this call is an edit
        existing = await work.store.participants.get(event_id, caller.user_id, lock=True)
        return await _edit(work, event_row, existing, private, placed.answers)
    counters = await work.store.events.change_counters(
        event_id, registered=placed.change.registered, waitlisted=placed.change.waitlisted,
        private=placed.change.private, next_queue_seq=1)
    await work.store.participants.add_answers(row.id, placed.answers)
    event, registration = protobuf.newcomer_messages(event_row, counters, row, caller.name, placed.waitlist_position,
                                                     existing is not None, placed.answers, work.now)
    work.emit(event)
    return True, registration


async def _edit(work: Work, event_row, existing, private: bool, answers: list[AnswerValue]):
    """A repeat registration changes visibility and answers, and says whether anything changed."""
    current = await work.store.participants.answers_of(existing.id)
    answers_changed = sorted(answers, key=lambda a: a.question_id) != current
    if answers_changed and existing.aggregation_time is not None:
        raise FailedPrecondition("ANSWERS_AGGREGATED", "error-answers-aggregated", event_id=event_row.id)
    if answers_changed:
        await work.store.participants.replace_answers(existing.id, answers)
    if existing.private != private and existing.state == capacity.REGISTERED:
        await work.store.events.counters(event_row.id, lock=True)
        await work.store.events.change_counters(event_row.id, private=1 if private else -1)
    modified = answers_changed or existing.private != private
    if modified:
        await work.store.participants.edit(existing.id, private)
    row = await work.store.participants.get(event_row.id, existing.user_id)
    participant = protobuf.participant_message(row, await _position(work, row))
    if modified:
        work.emit(
            events_pb2.RegistrationChanged(event=await callers.snapshot(work, event_row), participant=participant)
        )
    return modified, pb.Registration(event_id=event_row.id, participant=participant,
                                     answers=protobuf.answer_messages(answers if answers_changed else current),
                                     answers_aggregated=existing.aggregation_time is not None)


async def own_registration(work: Work, identity: Identity, event_id: int) -> pb.Registration:
    access.require_signed_in(identity)
    await callers.load_event(work, event_id)
    row = await work.store.participants.get(event_id, identity.user_id)
    if row is None or row.delete_time is not None:
        raise NotFound("NOT_REGISTERED", "error-not-registered", event_id=event_id)
    answers = await work.store.participants.answers_of(row.id)
    return pb.Registration(
        event_id=event_id,
        participant=protobuf.participant_message(row, await _position(work, row)),
        answers=protobuf.answer_messages(answers),
        answers_aggregated=row.aggregation_time is not None,
    )


async def cancel(work: Work, identity: Identity, event_id: int) -> bool:
    """Blocked users may still cancel. Cancelling deletes the person's answers and may promote someone."""
    caller = await callers.resolve(work, identity, remember=True)
    access.require_signed_in(caller)
    event_row = await callers.load_event(work, event_id)
    row = await work.store.participants.get(event_id, caller.user_id, lock=True)
    if row is None or row.delete_time is not None:
        return False
    revisions = await work.store.participants.soft_delete([row.id])
    counted = row.state == capacity.REGISTERED
    await work.store.events.counters(event_id, lock=True)
    counters = await work.store.events.change_counters(
        event_id, registered=-int(counted), waitlisted=-int(not counted),
        private=-int(counted and row.private))
    participant = protobuf.participant_message(row, revision=revisions[row.id])
    work.emit(events_pb2.ParticipantCancelled(event=protobuf.event_message(event_row, counters, work.now),
                                              participant=participant))
    await promote_waiting(work, event_row, counters)
    return True
