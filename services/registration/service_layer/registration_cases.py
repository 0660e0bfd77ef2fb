"""Use cases of a person's own registration: register (or edit), read it, cancel it."""
import hmac
from types import SimpleNamespace

import asyncpg

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.registration.adapters import messages, newcomers, participants, repository
from eventcenter.services.registration.domain import access, capacity, questions
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.domain.questions import AnswerValue
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.participant_cases import promote_waiting
from eventcenter.services.registration.service_layer.unit_of_work import DirectWork, Work


def _accepts_newcomers(event_row, now) -> None:
    if event_row.status != v.STATUS_OPEN:
        raise FailedPrecondition("EVENT_CLOSED", "error-event-closed", event_id=event_row.id)
    if event_row.end_utc < now:
        raise FailedPrecondition("EVENT_ENDED", "error-event-ended", event_id=event_row.id)


def _check_passcode(event_row, passcode: str) -> None:
    if event_row.passcode and not hmac.compare_digest(event_row.passcode.encode(), passcode.strip().encode()):
        raise PermissionDenied("INCORRECT_PASSCODE", "error-passcode", event_id=event_row.id)


async def _position(work: Work, row) -> int:
    if row.state != capacity.WAITLISTED:
        return 0
    return await participants.waitlist_position(work.session, row.event_id, row.queue_seq)


async def register(work: Work, identity: Identity, event_id: int, private: bool, answers: list[AnswerValue],
                   passcode: str) -> tuple[bool, pb.Registration]:
    caller = await callers.resolve(work, identity, remember=True)
    access.require_not_blocked(caller)
    event_row = await callers.load_event(work, event_id)
    problems = questions.validate_answers(answers, tuple(event_row.question_ids))
    if problems:
        raise InvalidArgument(problems)
    answers = questions.meaningful(answers)
    existing = await participants.get(work.session, event_id, caller.user_id, lock=True)
    if existing is not None and existing.delete_time is None:
        return await _edit(work, event_row, existing, private, answers)
    _accepts_newcomers(event_row, work.now)
    _check_passcode(event_row, passcode)
    # Everything is checked: only now take the event's counter lock, held to the commit.
    counters = await repository.counters(work.session, event_id, lock=True)
    state = capacity.place_for_newcomer(counters.registered, event_row.participant_limit, counters.waitlisted)
    row = await participants.insert_or_reactivate(work.session, event_id, caller.user_id, private, state,
                                                  counters.next_queue_seq)
    if row is None:  # the same person registered meanwhile: this call is an edit
        existing = await participants.get(work.session, event_id, caller.user_id, lock=True)
        return await _edit(work, event_row, existing, private, answers)
    counted = state == capacity.REGISTERED
    counters = await repository.change_counters(
        work.session, event_id, registered=int(counted), waitlisted=int(not counted),
        private=int(counted and private), next_queue_seq=1)
    await participants.add_answers(work.session, row.id, answers)
    # A newcomer joins the end of the waiting list, so their place is its new length.
    participant = messages.participant_message(row, 0 if counted else counters.waitlisted, user_name=caller.name)
    work.emit(events_pb2.ParticipantRegistered(event=messages.event_message(event_row, counters, work.now),
                                               participant=participant, reactivated=existing is not None))
    return True, pb.Registration(event_id=event_id, participant=participant,
                                 answers=messages.answer_messages(answers))


async def register_newcomer(work: DirectWork, identity: Identity, event_id: int, private: bool,
                            answers: list[AnswerValue], passcode: str) -> tuple[bool, pb.Registration] | None:
    """`register` for its common case, someone not registered yet, in two statements (see DirectWork); the same
    checks in the same order, and the same errors. None leaves the call to `register`: a repeat
    registration (an edit), an anonymous caller, an account whose new name another account holds, or a race
    with the same person's other call."""
    if identity.anonymous or not identity.name:
        return None
    found = await newcomers.caller_event_and_counters(work.connection, event_id, identity.user_id, identity.name)
    remember = found is not None and (not found.caller_known or found.caller_name != identity.name)
    if found is not None and (remember and found.name_taken or found.participant_active):
        return None
    caller = identity.with_stored(frozenset(found.caller_rights), found.caller_blocked) \
        if found is not None and found.caller_known else identity
    access.require_not_blocked(caller)
    if found is None or found.delete_time is not None:
        raise NotFound("EVENT_NOT_FOUND", "error-event-not-found", event_id=event_id)
    problems = questions.validate_answers(answers, tuple(found.question_ids))
    if problems:
        raise InvalidArgument(problems)
    answers = questions.meaningful(answers)
    _accepts_newcomers(found, work.now)
    _check_passcode(found, passcode)
    returning = found.participant_id is not None  # a cancelled registration comes back as new
    state = capacity.place_for_newcomer(found.counters_registered, found.participant_limit,
                                        found.counters_waitlisted)
    counted = state == capacity.REGISTERED
    deltas = {"registered": int(counted), "waitlisted": int(not counted), "private": int(counted and private)}
    row = SimpleNamespace(id=found.participant_id if returning else found.new_participant_id, event_id=event_id,
                          user_id=identity.user_id, private=private, state=state,
                          queue_seq=found.counters_next_queue_seq, register_time=newcomers.register_time())
    after = SimpleNamespace(registered=found.counters_registered + deltas["registered"],
                            waitlisted=found.counters_waitlisted + deltas["waitlisted"],
                            private=found.counters_private + deltas["private"], revision=found.counters_revision + 1)
    # A newcomer joins the end of the waiting list, so their place is its new length.
    participant = messages.participant_message(row, 0 if counted else after.waitlisted, user_name=identity.name)
    event = events_pb2.ParticipantRegistered(event=messages.event_message(found, after, work.now),
                                             participant=participant, reactivated=returning)
    try:
        registered = await newcomers.register(work.connection, user_id=identity.user_id, name=identity.name,
                                              remember=remember, participant=row, answers=answers, deltas=deltas,
                                              outbox_row=work.outbox.record(event))
    except asyncpg.UniqueViolationError:  # another account took the name meanwhile: `register` renames it
        return None
    if not registered:
        return None
    return True, pb.Registration(event_id=event_id, participant=participant, answers=messages.answer_messages(answers))


async def _edit(work: Work, event_row, existing, private: bool, answers: list[AnswerValue]):
    """A repeat registration changes visibility and answers, and says whether anything changed."""
    current = await participants.answers_of(work.session, existing.id)
    answers_changed = sorted(answers, key=lambda a: a.question_id) != current
    if answers_changed and existing.aggregation_time is not None:
        raise FailedPrecondition("ANSWERS_AGGREGATED", "error-answers-aggregated", event_id=event_row.id)
    if answers_changed:
        await participants.replace_answers(work.session, existing.id, answers)
    if existing.private != private:
        await participants.set_private(work.session, existing.id, private)
        if existing.state == capacity.REGISTERED:
            await repository.counters(work.session, event_row.id, lock=True)
            await repository.change_counters(work.session, event_row.id, private=1 if private else -1)
    modified = answers_changed or existing.private != private
    row = await participants.get(work.session, event_row.id, existing.user_id)
    participant = messages.participant_message(row, await _position(work, row))
    if modified:
        work.emit(events_pb2.RegistrationChanged(event=await callers.snapshot(work, event_row), participant=participant))
    return modified, pb.Registration(event_id=event_row.id, participant=participant,
                                     answers=messages.answer_messages(answers if answers_changed else current),
                                     answers_aggregated=existing.aggregation_time is not None)


async def own_registration(work: Work, identity: Identity, event_id: int) -> pb.Registration:
    access.require_signed_in(identity)
    await callers.load_event(work, event_id)
    row = await participants.get(work.session, event_id, identity.user_id)
    if row is None or row.delete_time is not None:
        raise NotFound("NOT_REGISTERED", "error-not-registered", event_id=event_id)
    answers = await participants.answers_of(work.session, row.id)
    return pb.Registration(event_id=event_id, participant=messages.participant_message(row, await _position(work, row)),
                           answers=messages.answer_messages(answers), answers_aggregated=row.aggregation_time is not None)


async def cancel(work: Work, identity: Identity, event_id: int) -> bool:
    """Blocked users may still cancel. Cancelling deletes the person's answers and may promote someone."""
    caller = await callers.resolve(work, identity, remember=True)
    access.require_signed_in(caller)
    event_row = await callers.load_event(work, event_id)
    row = await participants.get(work.session, event_id, caller.user_id, lock=True)
    if row is None or row.delete_time is not None:
        return False
    await participants.soft_delete(work.session, [row.id])
    counted = row.state == capacity.REGISTERED
    await repository.counters(work.session, event_id, lock=True)
    counters = await repository.change_counters(
        work.session, event_id, registered=-int(counted), waitlisted=-int(not counted),
        private=-int(counted and row.private))
    work.emit(events_pb2.ParticipantCancelled(event=messages.event_message(event_row, counters, work.now),
                                              participant=messages.participant_message(row)))
    await promote_waiting(work, event_row, counters)
    return True
