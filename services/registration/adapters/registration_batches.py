"""Newcomers' registrations written in batches: calls that arrive while a batch is being written share the next
one's transaction (group commit), in two statements on the driver's connection. The rules are the domain's
(`registering.decide`), as for a single call; what a batch cannot decide alone is left to the single call's path."""
import contextvars
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import asyncpg

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.errors import ServiceError
from eventcenter.services.kernel.identity import Identity, Standing
from eventcenter.services.registration.adapters import people, protobuf
from eventcenter.services.registration.adapters import registration_batch_sql as sql
from eventcenter.services.registration.adapters.group_commit import GroupCommit
from eventcenter.services.registration.adapters.registration_batch_sql import DirectWork
from eventcenter.services.registration.domain import registering
from eventcenter.services.registration.domain.questions import AnswerValue


@dataclass(frozen=True)
class NewcomerCall:
    """One RegisterParticipant call. Its context is the call's own (request id, trace), for the event it emits,
    since a batch is written by another task."""
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
    change: registering.CounterChange
    outbox_row: dict
    answer: tuple[bool, pb.Registration]


# A call's outcome in a batch: its answer, its error, or None, which leaves the call to the single call's path.
Outcome = tuple[bool, pb.Registration] | ServiceError | None


class RegistrationBatches:
    """`run_direct` runs a batch in one transaction on the driver's connection (UnitOfWork.run_direct)."""

    def __init__(self, run_direct: Callable[[Callable[[DirectWork], Awaitable[list[Outcome] | None]]],
                                            Awaitable[list[Outcome] | None]]) -> None:
        self.group = GroupCommit(lambda calls: run_direct(lambda work: register_newcomers(work, calls)))

    async def register(self, call: NewcomerCall) -> Outcome:
        return await self.group.submit(call)


async def register_newcomers(work: DirectWork, calls: list[NewcomerCall]) -> list[Outcome] | None:
    """A batch of calls in two statements, with the single call's checks in the same order and the same errors. A
    call is left to the single call's path (None) when it is a repeat registration (an edit), is for an event that
    asks a passcode (its tries are counted there), comes from an anonymous caller or from an account whose new
    name another account holds, or its caller already has a call in this batch. The whole batch is left there
    (None, nothing written) on a race with the same person's other call or with another account taking a name."""
    eligible = [(place, call) for place, call in enumerate(calls) if not call.identity.anonymous and call.identity.name]
    found = await sql.callers_events_and_counters(
        work.connection, [(call.event_id, call.identity.user_id, call.identity.name) for _, call in eligible],
        lock=work.lock_counters)
    counters: dict[int, registering.Counters] = {}  # by event: as the batch's earlier newcomers left them
    accepted: list[Newcomer] = []
    callers_accepted: set[int] = set()  # one call per person and batch: its account is written once
    outcomes: list[Outcome] = [None] * len(calls)
    for index, (place, call) in enumerate(eligible):
        if call.identity.user_id in callers_accepted:
            continue
        row = found.get(index)
        event_counters = counters.get(call.event_id) or (row and _counters_of(row))
        outcome = call.context.run(_plan_newcomer, work, call, row, event_counters)
        if isinstance(outcome, Newcomer):
            accepted.append(outcome)
            callers_accepted.add(call.identity.user_id)
            counters[call.event_id] = event_counters.after(outcome.change)
            outcomes[place] = outcome.answer
        else:
            outcomes[place] = outcome
    if not accepted:
        return outcomes
    await work.counters_read(work)
    try:
        written = await sql.register_many(work.connection, accepted)
    except asyncpg.UniqueViolationError:  # another account took a name meanwhile: the single path renames it
        return None
    return outcomes if written else None


def _counters_of(row) -> registering.Counters:
    return registering.Counters(row.counters_registered, row.counters_waitlisted, row.counters_private,
                                row.counters_next_queue_seq, row.counters_revision)


def _plan_newcomer(work: DirectWork, call: NewcomerCall, found,
                   counters: registering.Counters | None) -> Newcomer | ServiceError | None:
    """One call's decision, given what the batch's read found and the event's counters so far."""
    identity = call.identity
    remember = found is not None and (not found.caller_known or people.outdated(
        found.caller_name, found.caller_signed_in_rights, identity))
    if found is not None and remember and found.name_taken:
        return None
    caller = identity.with_standing(Standing(frozenset(found.caller_rights), frozenset(found.caller_revoked_rights),
                                             found.caller_blocked)) \
        if found is not None and found.caller_known else identity
    decision = registering.decide(found, caller, registering.Request(call.event_id, call.private, call.answers),
                                  work.now, active=found is not None and found.participant_active, counters=counters)
    if isinstance(decision, registering.Refused):
        return decision.error
    if not isinstance(decision, registering.Placed):  # an edit, or a passcode to check
        return None
    returning = found.participant_id is not None  # a cancelled registration comes back as new
    row = SimpleNamespace(id=found.participant_id if returning else found.new_participant_id, event_id=call.event_id,
                          user_id=identity.user_id, private=call.private, state=decision.state,
                          queue_seq=decision.queue_seq, register_time=sql.register_time(),
                          revision=found.participant_revision + 1 if returning else 1)
    event, registration = protobuf.newcomer_messages(found, decision.after, row, identity.name,
                                                     decision.waitlist_position, returning, decision.answers, work.now)
    return Newcomer(row=row, name=identity.name, rights=identity.rights, remember=remember, answers=decision.answers,
                    change=decision.change, outbox_row=work.outbox.record(event), answer=(True, registration))
