"""The caller as this service knows them: token identity plus stored rights and block."""
from eventcenter.services.kernel.errors import NotFound
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.registration.adapters import people, protobuf
from eventcenter.services.registration.service_layer.unit_of_work import Work


async def resolve(work: Work, caller: Identity, remember: bool = False) -> Identity:
    if caller.anonymous:
        return caller
    stored = await work.store.people.get_user(caller.user_id)
    if remember and (stored is None or people.outdated(stored.name, stored.signed_in_rights, caller)):
        await work.store.people.remember_user(caller.user_id, caller.name, caller.rights)
        stored = await work.store.people.get_user(caller.user_id)
    if stored is None:
        return caller
    return caller.with_standing(people.standing_of(stored))


async def load_event(work: Work, event_id: int, lock: bool = False):
    """A live (not deleted) event, or NOT_FOUND (EVENT_DELETED for one that was deleted: CampaignEvents tells
    the two apart). `lock`: held until the transaction ends, for a change made from what was read."""
    row = await work.store.events.get_event(event_id, lock)
    if row is None:
        raise NotFound("EVENT_NOT_FOUND", "error-event-not-found", event_id=event_id)
    if row.delete_time is not None:
        raise NotFound("EVENT_DELETED", "error-event-deleted", event_id=event_id)
    return row


async def organizer_ids(work: Work, event_id: int) -> set[int]:
    return {row.user_id for row in await work.store.events.active_organizers(event_id)}


async def organizer_messages(work: Work, event_id: int) -> list:
    """The organizers as the stream carries them with an event: read once the event's row is locked (its update
    holds it), so that they are those of the revision the message carries, never of an earlier one."""
    return [protobuf.organizer_message(o) for o in await work.store.events.active_organizers(event_id)]


async def snapshot(work: Work, row, counters=None):
    """The whole event as the stream carries it (links yes, passcode no)."""
    counters = counters or await work.store.events.counters(row.id)
    return protobuf.event_message(row, counters, work.now)


async def public_view(work: Work, row):
    """The event as anyone may see it: no meeting or chat links, no passcode."""
    counters = await work.store.events.counters(row.id)
    return protobuf.event_message(row, counters, work.now, show_links=False)


def organizer_view(work: Work, row, counters):
    """What organizers get back from their writes: everything, passcode included, ready to send again."""
    return protobuf.event_message(row, counters, work.now, show_passcode=True)
