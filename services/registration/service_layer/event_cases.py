"""Use cases on events: create, read, full update, soft delete, lists by organizer and participant."""
from dataclasses import fields as dataclass_fields
from dataclasses import replace

from sqlalchemy.exc import IntegrityError

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel.errors import AlreadyExists, FieldViolation, InvalidArgument, PermissionDenied, invalid
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.revisions import require_revision
from eventcenter.services.registration.adapters import messages, participants, repository
from eventcenter.services.registration.domain import access, questions
from eventcenter.services.registration.domain.capacity import REGISTERED
from eventcenter.services.registration.domain.event import EventContext, EventFields, validate_event
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.participant_cases import promote_waiting
from eventcenter.services.registration.service_layer.unit_of_work import Work


def _policy_violation() -> FieldViolation:
    return FieldViolation("accept_personal_data_policy", "violation-policy-required", {})


async def create_event(work: Work, identity: Identity, fields: EventFields, accept_policy: bool, request_id: str):
    caller = await callers.resolve(work, identity, remember=True)
    access.require_organizer_right(caller)
    if request_id and (earlier := await repository.event_by_request(work.session, caller.user_id, request_id)):
        return callers.organizer_view(work, earlier, await repository.counters(work.session, earlier.id))
    fields = fields.normalized()
    extra = (
        [_policy_violation()] if questions.needs_personal_data_policy(fields.question_ids) and not accept_policy else []
    )
    problems = validate_event(fields, EventContext(now=work.now, creating=True, extra=extra))
    if problems:
        raise InvalidArgument(problems)
    if taken := await repository.event_by_page(work.session, fields.page_wiki, fields.page_title):
        if taken.delete_time is not None:  # a page keeps its deleted event: it cannot hold another
            raise AlreadyExists("PAGE_REGISTERED_DELETED", "error-page-registered-deleted", page=fields.page_title)
        raise AlreadyExists("PAGE_ALREADY_REGISTERED", "error-page-registered", page=fields.page_title)
    try:
        async with work.session.begin_nested():
            row = await repository.insert_event(work.session, fields, caller.user_id, request_id)
    except IntegrityError as error:
        raise AlreadyExists("PAGE_ALREADY_REGISTERED", "error-page-registered", page=fields.page_title) from error
    await repository.add_organizer(work.session, row.id, caller.user_id, "creator",
                                   work.now if accept_policy else None)
    organizers = await repository.active_organizers(work.session, row.id)
    counters = await repository.counters(work.session, row.id)
    work.emit(events_pb2.EventCreated(event=await callers.snapshot(work, row, counters),
                                      organizers=[messages.organizer_message(o) for o in organizers]))
    return callers.organizer_view(work, row, counters)


async def get_event(work: Work, identity: Identity, event_id: int):
    caller = await callers.resolve(work, identity)
    row = await callers.load_event(work, event_id)
    organizer_ids = await callers.organizer_ids(work, event_id)
    participant = None if caller.anonymous else await participants.get(work.session, event_id, caller.user_id)
    # Someone on the waiting list does not take part yet: the links come with a place.
    takes_part = participant is not None and participant.delete_time is None and participant.state == REGISTERED
    counters = await repository.counters(work.session, event_id)
    return messages.event_message(row, counters, work.now,
                                  show_links=access.may_see_links(caller, organizer_ids, takes_part),
                                  show_passcode=access.may_edit(caller, organizer_ids))


async def update_event(work: Work, identity: Identity, event_id: int, fields: EventFields, accept_policy: bool,
                       expected_revision: int | None = None, keep_passcode: bool = False):
    """The event row is locked from the start: what is validated and compared is what gets replaced."""
    caller = await callers.resolve(work, identity, remember=True)
    row = await callers.load_event(work, event_id, lock=True)
    organizers = await repository.active_organizers(work.session, event_id)
    access.require_event_organizer(caller, {o.user_id for o in organizers}, event_id)
    require_revision(expected_revision, row.revision)
    previous = repository.fields_of(row)
    if keep_passcode:
        fields = replace(fields, passcode=previous.passcode)
    fields = fields.normalized()
    if (fields.page_wiki, fields.page_title) != (previous.page_wiki, previous.page_title):
        raise invalid("event.page", "violation-page-fixed")
    me = next(o for o in organizers if o.user_id == caller.user_id)
    added = set(fields.question_ids) - set(previous.question_ids)
    needs_policy = questions.needs_personal_data_policy(tuple(added))
    extra = [_policy_violation()] if needs_policy and not (accept_policy or me.policy_accept_time) else []
    has_answers = await participants.event_has_answers(work.session, event_id)
    problems = validate_event(fields, EventContext(now=work.now, creating=False, previous=previous,
                                                   has_answers=has_answers, extra=extra))
    if problems:
        raise InvalidArgument(problems)
    if accept_policy:
        await repository.accept_policy(work.session, event_id, caller.user_id)
    changed = [f.name for f in dataclass_fields(EventFields) if getattr(fields, f.name) != getattr(previous, f.name)]
    if not changed:
        return callers.organizer_view(work, row, await repository.counters(work.session, event_id))
    row = await repository.update_event(work.session, event_id, fields)
    counters = await repository.counters(work.session, event_id, lock=True)
    work.emit(events_pb2.EventUpdated(event=await callers.snapshot(work, row, counters),
                                      organizers=await callers.organizer_messages(work, event_id),
                                      changed_fields=changed))
    if "participant_limit" in changed:
        await promote_waiting(work, row, counters)
        counters = await repository.counters(work.session, event_id)
    return callers.organizer_view(work, row, counters)


async def delete_event(work: Work, identity: Identity, event_id: int):
    caller = await callers.resolve(work, identity, remember=True)
    await callers.load_event(work, event_id)
    if not access.may_delete(caller, await callers.organizer_ids(work, event_id)):
        raise PermissionDenied("NOT_ALLOWED_TO_DELETE", "error-delete-denied", event_id=event_id)
    row = await repository.soft_delete_event(work.session, event_id)
    event = await callers.snapshot(work, row)
    work.emit(events_pb2.EventDeleted(event=event))
    return event


async def events_by_organizer(work: Work, identity: Identity, user_id: int, limit: int, include_deleted: bool = False):
    rows = await repository.events_organized_by(work.session, user_id, limit, include_deleted)
    return [await callers.public_view(work, row) for row in rows]


async def events_by_participant(work: Work, identity: Identity, user_id: int, limit: int,
                                include_deleted: bool = False):
    caller = await callers.resolve(work, identity)
    own = not caller.anonymous and caller.user_id == user_id
    rows = await participants.events_of_participant(work.session, user_id, include_private=own, limit=limit,
                                                    include_deleted=include_deleted)
    return [await callers.public_view(work, row) for row in rows]
