"""The event a use case is about, from this service's copy: it must exist, and for what only organizers do, the
caller must be one of its organizers."""
from eventcenter.services.contributions.domain import rules
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.errors import NotFound
from eventcenter.services.kernel.identity import Identity


async def existing_event(work: Work, event_id: int) -> rules.EventFacts:
    event = await work.copies.event_facts(event_id)
    if event is None or event.deleted:
        raise NotFound("EVENT_NOT_FOUND", "error-contribution-event-not-found")
    return event


async def organized_event(work: Work, caller: Identity, event_id: int) -> rules.EventFacts:
    """Signed in first, then the event, then the caller's organizing of it."""
    rules.require_signed_in(caller)
    event = await existing_event(work, event_id)
    rules.require_organizer(caller, event)
    return event
