"""What each registration event makes this service do: keep its copy of events, organizers and participants."""
from google.protobuf.message import Message as Payload
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contributions.adapters import copies
from eventcenter.services.kernel.registration_events import parse


class Reactions:
    async def handle(self, session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        payload = parse(type_name, data)
        react = getattr(self, "on_" + payload.DESCRIPTOR.name, None) if payload is not None else None
        if react is not None:
            await react(session, payload)

    async def _keep(self, session: AsyncSession, payload: Payload) -> bool:
        ids = [o.user_id for o in payload.organizers] if "organizers" in payload.DESCRIPTOR.fields_by_name else None
        return await copies.keep_event(session, payload.event, ids)

    async def on_EventCreated(self, session, payload) -> None:
        await self._keep(session, payload)

    on_OrganizersChanged = on_EventUpdated = on_EventDeleted = on_EventCreated

    async def on_ParticipantRegistered(self, session, payload) -> None:
        await self._keep(session, payload)
        await copies.set_participant(session, payload.event.id, payload.participant)

    on_RegistrationChanged = on_ParticipantRegistered  # (a change of privacy, say)

    async def on_ParticipantCancelled(self, session, payload) -> None:
        await self._keep(session, payload)
        await copies.drop_participants(session, payload.event.id, [payload.participant.user_id])

    async def on_ParticipantsRemoved(self, session, payload) -> None:
        await self._keep(session, payload)
        await copies.drop_participants(session, payload.event.id, [p.user_id for p in payload.participants])

    async def on_WaitlistPromoted(self, session, payload) -> None:
        await self._keep(session, payload)
        await copies.set_active(session, payload.event.id, payload.participant.user_id)

