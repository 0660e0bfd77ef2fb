"""Use cases on organizers: list, replace the set, accept the personal-data policy."""
from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel.errors import InvalidArgument, NotFound
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity
from eventcenter.services.kernel.revisions import require_revision
from eventcenter.services.registration.adapters import people, protobuf
from eventcenter.services.registration.domain import access, wiki_names
from eventcenter.services.registration.domain.organizers import Candidate, validate_organizers
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.unit_of_work import Work


async def list_organizers(work: Work, identity: Identity, event_id: int):
    """The organizers and the event's revision, which their changes bump."""
    row = await callers.load_event(work, event_id)
    organizers = await work.store.events.active_organizers(row.id)
    return [protobuf.organizer_message(o) for o in organizers], row.revision


async def set_organizers(work: Work, identity: Identity, event_id: int, names: list[str],
                         expected_revision: int | None = None):
    """Replaces the list under the event's lock; a change of it is a new revision of the event."""
    caller = await callers.resolve(work, identity, remember=True)
    event_row = await callers.load_event(work, event_id, lock=True)
    before = await work.store.events.active_organizers(event_id)
    access.require_event_organizer(caller, {o.user_id for o in before}, event_id)
    require_revision(expected_revision, event_row.revision)
    names = [wiki_names.user_name(n) for n in names if n.strip()]
    found = {}
    for row in await work.store.people.users_by_names(names):
        eligible = RIGHT_ORGANIZER in people.rights_of(row) and not row.blocked
        if row.user_id == caller.user_id:
            eligible = caller.has(RIGHT_ORGANIZER) and not caller.blocked
        found[row.name] = Candidate(row.user_id, row.name, eligible)
    current = {o.user_id for o in before}
    active_creator = event_row.creator_user_id if event_row.creator_user_id in current else 0
    problems = validate_organizers(names, found, active_creator, caller.user_id)
    if problems:
        raise InvalidArgument(problems)
    wanted = {found[n].user_id for n in names}
    for user_id in wanted - current:
        role = "creator" if user_id == event_row.creator_user_id else "organizer"
        await work.store.events.add_organizer(event_id, user_id, role)
    for user_id in current - wanted:
        await work.store.events.remove_organizer(event_id, user_id)
    after = await work.store.events.active_organizers(event_id)
    organizers = [protobuf.organizer_message(o) for o in after]
    if wanted != current:
        event_row = await work.store.events.touch_event(event_id)
        work.emit(events_pb2.OrganizersChanged(
            event=await callers.snapshot(work, event_row), organizers=organizers,
            added_user_ids=sorted(wanted - current), removed_user_ids=sorted(current - wanted)))
    return organizers, event_row.revision


async def accept_policy(work: Work, identity: Identity, event_id: int):
    caller = await callers.resolve(work, identity, remember=True)
    await callers.load_event(work, event_id)
    access.require_event_organizer(caller, await callers.organizer_ids(work, event_id), event_id)
    await work.store.events.accept_policy(event_id, caller.user_id)
    for row in await work.store.events.active_organizers(event_id):
        if row.user_id == caller.user_id:
            return protobuf.organizer_message(row)
    raise NotFound("NOT_AN_ORGANIZER", "error-not-organizer", event_id=event_id)
