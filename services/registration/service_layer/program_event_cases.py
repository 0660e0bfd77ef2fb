"""Use cases on the events of a program: put an event in (or out of) a program, list a program's events."""
from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel import id_pages
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.registration.domain import campaigns as rules
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.campaign_cases import coordinator_ids, load_program
from eventcenter.services.registration.service_layer.unit_of_work import Work


async def _require_may_attach(work: Work, caller: Identity, event_id: int, program_id: int,
                              organizer_ids: set[int]) -> None:
    program = await load_program(work, program_id)
    rules.require_may_attach(caller, organizer_ids, await coordinator_ids(work, "program", program_id),
                             await coordinator_ids(work, "campaign", program.campaign_id), program_id,
                             await work.store.campaigns.withdrawn_by_organizers(event_id, program_id))


async def _require_may_detach(work: Work, caller: Identity, program_id: int, organizer_ids: set[int]) -> None:
    program = await load_program(work, program_id)
    rules.require_may_detach(caller, organizer_ids, await coordinator_ids(work, "program", program_id),
                             await coordinator_ids(work, "campaign", program.campaign_id), program_id)


async def set_event_program(work: Work, identity: Identity, event_id: int, program_id: int):
    """Moving an event needs the right to take it out of its program and to put it in the new one. When one of
    the event's organizers takes it out, that is remembered: the program's coordinators cannot put it back."""
    caller = await callers.resolve(work, identity, remember=True)
    row = await callers.load_event(work, event_id)
    organizers = await work.store.events.active_organizers(event_id)
    organizer_ids = {o.user_id for o in organizers}
    current = row.program_id or 0
    if current:
        await _require_may_detach(work, caller, current, organizer_ids)
    if program_id:
        await _require_may_attach(work, caller, event_id, program_id, organizer_ids)
    if program_id == current:
        return await callers.public_view(work, row)
    if current and rules.withdraws(caller, organizer_ids):
        await work.store.campaigns.record_withdrawal(event_id, current, caller.user_id)
    if program_id:
        await work.store.campaigns.forget_withdrawal(event_id, program_id)
    row = await work.store.campaigns.set_event_program(event_id, program_id or None)
    counters = await work.store.events.counters(event_id, lock=True)
    work.emit(events_pb2.EventUpdated(event=await callers.snapshot(work, row, counters),
                                      organizers=await callers.organizer_messages(work, event_id),
                                      changed_fields=["program_id"]))
    return await callers.public_view(work, row)


async def list_program_events(work: Work, identity: Identity, program_id: int, page_size: int, page_token: str):
    await load_program(work, program_id)
    limit = id_pages.page_size(page_size, rules.PROGRAM_EVENTS_PAGE, rules.PROGRAM_EVENTS_PAGE)
    rows = await work.store.campaigns.program_events(program_id, id_pages.after_id(page_token), limit + 1)
    token = id_pages.page_token(rows[limit - 1].id) if len(rows) > limit else ""
    return [await callers.public_view(work, r) for r in rows[:limit]], token
