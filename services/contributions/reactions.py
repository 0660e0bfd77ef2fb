"""What each registration event makes this service do: keep its copy of events, organizers and participants,
and mark a linked Dashboard course as having a new participant list to receive (or the event as gone)."""
from collections.abc import Callable

from google.protobuf.message import Message as Payload
from sqlalchemy import event as orm_event
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contracts.stream_events import parse
from eventcenter.services.contributions.adapters import copies, links
from eventcenter.services.contributions.domain import dashboard


class Reactions:
    def __init__(self, dashboard_changed: Callable[[], None] | None = None) -> None:
        # Called once the transaction marking a link is committed (wakes the sync loop); never calls the Dashboard.
        self.dashboard_changed = dashboard_changed

    async def handle(self, session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        payload = parse(type_name, data)
        react = getattr(self, "on_" + payload.DESCRIPTOR.name, None) if payload is not None else None
        if react is not None:
            await react(session, payload)
            await self._mark_dashboard(session, payload)

    async def _mark_dashboard(self, session: AsyncSession, payload: Payload) -> None:
        name, event_id = payload.DESCRIPTOR.name, payload.event.id
        if dashboard.is_participant_change(name):
            marked = await links.participants_changed(session, event_id)
        elif name in dashboard.UNSYNC_ON:
            marked = await links.unsync_requested(session, event_id)
        else:
            return
        if marked and self.dashboard_changed is not None:
            wake = self.dashboard_changed
            orm_event.listen(session.sync_session, "after_commit", lambda _: wake(), once=True)

    async def _keep(self, session: AsyncSession, payload: Payload) -> bool:
        if "organizers" in payload.DESCRIPTOR.fields_by_name:
            ids, names = [o.user_id for o in payload.organizers], [o.user_name for o in payload.organizers]
        else:
            ids = names = None
        return await copies.keep_event(session, payload.event, ids, names)

    async def on_EventCreated(self, session, payload) -> None:
        await self._keep(session, payload)

    on_OrganizersChanged = on_EventUpdated = on_EventDeleted = on_EventCreated

    async def on_ParticipantRegistered(self, session, payload) -> None:
        await self._keep(session, payload)
        await copies.keep_participants(session, payload.event.id, [payload.participant])

    # (a change of privacy, say; a promotion's copy comes with the place)
    on_RegistrationChanged = on_WaitlistPromoted = on_ParticipantRegistered

    async def on_ParticipantCancelled(self, session, payload) -> None:
        await self._keep(session, payload)
        await copies.keep_participants(session, payload.event.id, [payload.participant], removed=True)

    async def on_ParticipantsRemoved(self, session, payload) -> None:
        await self._keep(session, payload)
        await copies.keep_participants(session, payload.event.id, list(payload.participants), removed=True)

