"""Use case: apply one registration event: keep this service's copy of events, organizers and participants (the
newest copy wins), and mark a linked Dashboard course as having a new participant list to receive (or the event as
gone), waking the sync worker once the transaction is committed. Never calls the Dashboard itself."""
from collections.abc import Callable
from typing import Any

from eventcenter.services.contracts.stream_events import parse
from eventcenter.services.contributions.domain import dashboard
from eventcenter.services.contributions.service_layer.unit_of_work import Work

EVENT_CHANGES = frozenset({"EventCreated", "OrganizersChanged", "EventUpdated", "EventDeleted"})
# (a change of privacy, say; a promotion's copy comes with the place)
REGISTRATIONS = frozenset({"ParticipantRegistered", "RegistrationChanged", "WaitlistPromoted"})
DEPARTURES = frozenset({"ParticipantCancelled", "ParticipantsRemoved"})


async def apply_registration_event(work: Work, type_name: str, data: bytes,
                                   dashboard_changed: Callable[[], None] | None = None) -> None:
    """Events of other kinds (and unknown ones) change nothing."""
    payload = parse(type_name, data)
    if payload is None:
        return
    name = payload.DESCRIPTOR.name
    if name not in EVENT_CHANGES | REGISTRATIONS | DEPARTURES:
        return
    await _keep_event(work, payload)
    if name in REGISTRATIONS:
        await work.copies.keep_participants(payload.event.id, [payload.participant])
    elif name == "ParticipantCancelled":
        await work.copies.keep_participants(payload.event.id, [payload.participant], removed=True)
    elif name == "ParticipantsRemoved":
        await work.copies.keep_participants(payload.event.id, list(payload.participants), removed=True)
    await _mark_dashboard(work, payload, dashboard_changed)


async def _keep_event(work: Work, payload: Any) -> bool:
    if "organizers" in payload.DESCRIPTOR.fields_by_name:
        ids: list[int] | None = [o.user_id for o in payload.organizers]
        names: list[str] | None = [o.user_name for o in payload.organizers]
    else:
        ids = names = None
    return await work.copies.keep_event(payload.event, ids, names)


async def _mark_dashboard(work: Work, payload: Any, dashboard_changed: Callable[[], None] | None) -> None:
    name, event_id = payload.DESCRIPTOR.name, payload.event.id
    if dashboard.is_participant_change(name):
        marked = await work.links.participants_changed(event_id)
    elif name in dashboard.UNSYNC_ON:
        marked = await work.links.unsync_requested(event_id)
    else:
        return
    if marked and dashboard_changed is not None:
        work.after_commit(dashboard_changed)
