"""Use cases of a person's own registration: register (or edit), read it, cancel it."""
import contextvars
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TypeAlias

import asyncpg

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    ServiceError,
)
from eventcenter.services.kernel.identity import Identity, Standing
from eventcenter.services.registration.adapters import (
    messages,
    newcomers,
    participants,
    passcode_tries,
    people,
    repository,
)
from eventcenter.services.registration.domain import access, capacity, passcodes, questions
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


async def _passcode_refusal(work: Work, event_row, user_id: int, passcode: str) -> ServiceError | None:
    """None when the event asks no passcode or it is right. A wrong one is written down and its refusal returned,
    not raised, so that the try is committed and counts; past the limit, the passcode is not even compared."""
    if not event_row.passcode:
        return None
    await people.lock_user(work.session, user_id)  # one person's tries are counted one at a time
    since = passcodes.window_start(work.now)
    recent = await passcode_tries.recent_wrong(work.session, event_row.id, user_id, since, passcodes.MAX_WRONG_TRIES)
    if (wait := passcodes.wait_before_next_try(recent, work.now)) is not None:
        raise ResourceExhausted("PASSCODE_TRIES_EXCEEDED", "error-passcode-attempts", retry_delay=wait,
                                minutes=passcodes.whole_minutes(wait), event_id=event_row.id)
    if passcodes.matches(event_row.passcode, passcode):
        return None
    await passcode_tries.record_wrong(work.session, event_row.id, user_id, work.now, since)
    return PermissionDenied("INCORRECT_PASSCODE", "error-passcode", event_id=event_row.id)


async def _position(work: Work, row) -> int:
    if row.state != capacity.WAITLISTED:
        return 0
    return await participants.waitlist_position(work.session, row.event_id, row.queue_seq)


async def register(work: Work, identity: Identity, event_id: int, private: bool, answers: list[AnswerValue],
                   passcode: str) -> tuple[bool, pb.Registration] | ServiceError:
    """Whether anything changed, and the registration; or a wrong passcode's refusal, to raise once this
    transaction (which counts the try) is committed."""
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
    if refusal := await _passcode_refusal(work, event_row, caller.user_id, passcode):
        return refusal
    # Everything is checked: only now take the event's counter lock, held to the commit.
    counters = await repository.counters(work.session, event_id, lock=work.lock_counters)
    await work.counters_read(work)
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


@dataclass(frozen=True)
class NewcomerCall:
    """One RegisterParticipant call for the batched path. Its context is the call's own (request id, trace), for
    the event it emits, since a batch is written by another task."""
    identity: Identity
    event_id: int
    private: bool
    answers: list[AnswerValue]
    passcode: str
    context: contextvars.Context = field(default_factory=contextvars.copy_context)


@dataclass(frozen=True)
class Newcomer:
    """What one accepted call writes, and what it answers."""
    row: SimpleNamespace
    name: str
    rights: frozenset[str]  # of the sign-in: kept with the name when remembered
    remember: bool
    answers: list[AnswerValue]
    deltas: dict[str, int]
    outbox_row: dict
    answer: tuple[bool, pb.Registration]


# A call's outcome in a batch: its answer, its error, or None, which leaves the call to `register`.
Outcome: TypeAlias = tuple[bool, pb.Registration] | ServiceError | None


async def register_newcomers(work: DirectWork, calls: list[NewcomerCall]) -> list[Outcome] | None:
    """`register` for its common case, someone not registered yet, for a batch of calls in two statements (see
    DirectWork); the same checks in the same order, and the same errors. A call is left to `register` (None) when
    it is a repeat registration (an edit), is for an event that asks a passcode (its tries are counted there),
    comes from an anonymous caller or from an account whose new name another account holds, or its caller already
    has a call in this batch. The whole batch is left to `register` (None,
    nothing written) on a race with the same person's other call or with another account taking a name."""
    eligible = [(place, call) for place, call in enumerate(calls) if not call.identity.anonymous and call.identity.name]
    found = await newcomers.callers_events_and_counters(
        work.connection, [(call.event_id, call.identity.user_id, call.identity.name) for _, call in eligible],
        lock=work.lock_counters)
    counters: dict[int, SimpleNamespace] = {}  # by event: as the batch's earlier newcomers left them
    accepted: list[Newcomer] = []
    callers_accepted: set[int] = set()  # one call per person and batch: its account is written once
    outcomes: list[Outcome] = [None] * len(calls)
    for index, (place, call) in enumerate(eligible):
        if call.identity.user_id in callers_accepted:
            continue
        row = found.get(index)
        event_counters = counters.get(call.event_id) or (row and _counters_of(row))
        try:
            newcomer = call.context.run(_plan_newcomer, work, call, row, event_counters)
        except ServiceError as error:
            outcomes[place] = error
            continue
        if newcomer is not None:
            accepted.append(newcomer)
            callers_accepted.add(call.identity.user_id)
            counters[call.event_id] = _after(event_counters, newcomer.deltas)
            outcomes[place] = newcomer.answer
    if not accepted:
        return outcomes
    await work.counters_read(work)
    try:
        written = await newcomers.register_many(work.connection, accepted)
    except asyncpg.UniqueViolationError:  # another account took a name meanwhile: `register` renames it
        return None
    return outcomes if written else None


def _counters_of(row) -> SimpleNamespace:
    return SimpleNamespace(registered=row.counters_registered, waitlisted=row.counters_waitlisted,
                           private=row.counters_private, next_queue_seq=row.counters_next_queue_seq,
                           revision=row.counters_revision)


def _after(counters: SimpleNamespace, deltas: dict[str, int]) -> SimpleNamespace:
    return SimpleNamespace(registered=counters.registered + deltas["registered"],
                           waitlisted=counters.waitlisted + deltas["waitlisted"],
                           private=counters.private + deltas["private"], next_queue_seq=counters.next_queue_seq + 1,
                           revision=counters.revision + 1)


def _plan_newcomer(work: DirectWork, call: NewcomerCall, found, counters: SimpleNamespace | None) -> Newcomer | None:
    """One call's checks, place and event, given what the batch's read found and the event's counters so far."""
    identity = call.identity
    remember = found is not None and (not found.caller_known or callers.outdated(
        found.caller_name, found.caller_signed_in_rights, identity))
    if found is not None and (remember and found.name_taken or found.participant_active):
        return None
    caller = identity.with_standing(Standing(frozenset(found.caller_rights), frozenset(found.caller_revoked_rights),
                                             found.caller_blocked)) \
        if found is not None and found.caller_known else identity
    access.require_not_blocked(caller)
    if found is None:
        raise NotFound("EVENT_NOT_FOUND", "error-event-not-found", event_id=call.event_id)
    if found.delete_time is not None:
        raise NotFound("EVENT_DELETED", "error-event-deleted", event_id=call.event_id)
    assert counters is not None  # read with the event, which exists
    problems = questions.validate_answers(call.answers, tuple(found.question_ids))
    if problems:
        raise InvalidArgument(problems)
    answers = questions.meaningful(call.answers)
    _accepts_newcomers(found, work.now)
    if found.passcode:  # its wrong tries are counted and limited in `register`
        return None
    returning = found.participant_id is not None  # a cancelled registration comes back as new
    state = capacity.place_for_newcomer(counters.registered, found.participant_limit, counters.waitlisted)
    counted = state == capacity.REGISTERED
    deltas = {"registered": int(counted), "waitlisted": int(not counted), "private": int(counted and call.private)}
    row = SimpleNamespace(id=found.participant_id if returning else found.new_participant_id, event_id=call.event_id,
                          user_id=identity.user_id, private=call.private, state=state,
                          queue_seq=counters.next_queue_seq, register_time=newcomers.register_time(),
                          revision=found.participant_revision + 1 if returning else 1)
    after = _after(counters, deltas)
    # A newcomer joins the end of the waiting list, so their place is its new length.
    participant = messages.participant_message(row, 0 if counted else after.waitlisted, user_name=identity.name)
    event = events_pb2.ParticipantRegistered(event=messages.event_message(found, after, work.now),
                                             participant=participant, reactivated=returning)
    return Newcomer(
        row=row,
        name=identity.name,
        rights=identity.rights,
        remember=remember,
        answers=answers,
        deltas=deltas,
        outbox_row=work.outbox.record(event),
        answer=(
            True,
            pb.Registration(event_id=call.event_id, participant=participant, answers=messages.answer_messages(answers)),
        ),
    )


async def _edit(work: Work, event_row, existing, private: bool, answers: list[AnswerValue]):
    """A repeat registration changes visibility and answers, and says whether anything changed."""
    current = await participants.answers_of(work.session, existing.id)
    answers_changed = sorted(answers, key=lambda a: a.question_id) != current
    if answers_changed and existing.aggregation_time is not None:
        raise FailedPrecondition("ANSWERS_AGGREGATED", "error-answers-aggregated", event_id=event_row.id)
    if answers_changed:
        await participants.replace_answers(work.session, existing.id, answers)
    if existing.private != private and existing.state == capacity.REGISTERED:
        await repository.counters(work.session, event_row.id, lock=True)
        await repository.change_counters(work.session, event_row.id, private=1 if private else -1)
    modified = answers_changed or existing.private != private
    if modified:
        await participants.edit(work.session, existing.id, private)
    row = await participants.get(work.session, event_row.id, existing.user_id)
    participant = messages.participant_message(row, await _position(work, row))
    if modified:
        work.emit(
            events_pb2.RegistrationChanged(event=await callers.snapshot(work, event_row), participant=participant)
        )
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
    return pb.Registration(
        event_id=event_id,
        participant=messages.participant_message(row, await _position(work, row)),
        answers=messages.answer_messages(answers),
        answers_aggregated=row.aggregation_time is not None,
    )


async def cancel(work: Work, identity: Identity, event_id: int) -> bool:
    """Blocked users may still cancel. Cancelling deletes the person's answers and may promote someone."""
    caller = await callers.resolve(work, identity, remember=True)
    access.require_signed_in(caller)
    event_row = await callers.load_event(work, event_id)
    row = await participants.get(work.session, event_id, caller.user_id, lock=True)
    if row is None or row.delete_time is not None:
        return False
    revisions = await participants.soft_delete(work.session, [row.id])
    counted = row.state == capacity.REGISTERED
    await repository.counters(work.session, event_id, lock=True)
    counters = await repository.change_counters(
        work.session, event_id, registered=-int(counted), waitlisted=-int(not counted),
        private=-int(counted and row.private))
    participant = messages.participant_message(row, revision=revisions[row.id])
    work.emit(events_pb2.ParticipantCancelled(event=messages.event_message(event_row, counters, work.now),
                                              participant=participant))
    await promote_waiting(work, event_row, counters)
    return True
