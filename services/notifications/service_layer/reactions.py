"""What each event on the stream makes this service do: keep its copies up to date, and write the messages
people should receive (queued in the same transaction as the handled-message record)."""
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from google.protobuf.message import Message as Payload

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.stream_events import parse
from eventcenter.services.kernel import bus
from eventcenter.services.notifications.domain import kinds
from eventcenter.services.notifications.domain import notification_texts as texts
from eventcenter.services.notifications.domain.confirmation_text import confirmation
from eventcenter.services.notifications.domain.message_model import EventFacts
from eventcenter.services.notifications.domain.outgoing import Outgoing, Recipients, participants_of, users
from eventcenter.services.notifications.service_layer.unit_of_work import Work

_WAKES_WORKER = "wakes the delivery worker"  # once per transaction: its commit wakes the worker already


@dataclass
class Reactions:
    public_url: str
    # The event's calendar file (adapters/calendar_attachment.py), attached where a place is given.
    calendar_file: Callable[[int, EventFacts], bytes]
    # Called after a transaction queued mail, so the worker need not wait for its next poll.
    queued: Callable[[], None] = lambda: None

    async def handle(self, work: Work, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        payload = parse(type_name, data)
        react = getattr(self, "on_" + payload.DESCRIPTOR.name, None) if payload is not None else None
        if react is not None:
            # The relay's id of the stream message: one cause, one message, however often it is delivered.
            await react(work, payload, headers[bus.HEADER_MESSAGE_ID])

    async def _send(self, work: Work, outgoing: Outgoing, recipients: Recipients) -> None:
        sent = await work.fanout.send(outgoing, recipients, work.now)
        if sent is not None and sent.mails:
            # Woken before the commit, the worker could look, find nothing yet, and sleep its idle time.
            work.when_committed(_WAKES_WORKER, self.queued)

    async def _keep(self, work: Work, payload: Payload) -> bool:
        names = [o.user_name for o in payload.organizers] if "organizers" in payload.DESCRIPTOR.fields_by_name else None
        return await work.copies.keep_event(payload.event, names, work.now)

    async def _facts(self, work: Work, event_id: int) -> EventFacts:
        return await work.copies.facts(event_id, self.public_url)

    @staticmethod
    def _over(work: Work, event: pb.Event) -> bool:
        return event.ended or event.end_time.ToDatetime(tzinfo=datetime.UTC) <= work.now

    async def on_EventCreated(self, work: Work, payload, message_id: str) -> None:
        await self._keep(work, payload)

    on_OrganizersChanged = on_EventCreated

    async def on_EventUpdated(self, work: Work, payload, message_id: str) -> None:
        event = payload.event
        if not await self._keep(work, payload) or self._over(work, event):
            return
        facts = await self._facts(work, event.id)
        changed = set(payload.changed_fields)
        if "status" in changed and event.status == pb.EVENT_STATUS_CLOSED:
            await self._send(work, Outgoing(f"closed:{event.id}:{event.revision}", kinds.EVENT_CANCELLED,
                                               texts.event_closed(facts), event.id),
                             participants_of(event.id))
        # The meeting link comes with a place: the waiting list hears of the other changes only.
        for with_place, key in ((True, "changed"), (False, "changed-waiting")):
            told = texts.event_changed(facts, changed if with_place else changed - texts.MEETING_FIELDS)
            if told is not None:
                await self._send(work, Outgoing(f"{key}:{event.id}:{event.revision}", kinds.EVENT_CHANGED, told,
                                                   event.id), participants_of(event.id, with_place))

    async def on_EventDeleted(self, work: Work, payload, message_id: str) -> None:
        event = payload.event
        await self._keep(work, payload)
        if not self._over(work, event):
            await self._send(work, Outgoing(f"deleted:{event.id}", kinds.EVENT_CANCELLED,
                                               texts.event_deleted(await self._facts(work, event.id)),
                                               event.id), participants_of(event.id))

    async def on_ParticipantRegistered(self, work: Work, payload, message_id: str) -> None:
        event, participant = payload.event, payload.participant
        await self._keep(work, payload)
        waiting = participant.state == pb.REGISTRATION_STATE_WAITLISTED
        kept = await work.copies.keep_participant(event.id, participant)
        if not _still(kept, registered=not waiting):
            return  # a newer change arrived first (a cancellation, a promotion): this registration is told no more
        if event.HasField("delete_time") or self._over(work, event):
            return  # (a replay of old history, say, or a registration kept as the event ended)
        facts = await self._facts(work, event.id)
        told = confirmation(facts, payload.reactivated, participant.waitlist_position if waiting else 0)
        # The calendar file comes with a place: for the waiting list, with the promotion.
        attachment = None if waiting else self.calendar_file(event.id, facts)
        await self._send(work, Outgoing(f"confirmation:{message_id}", kinds.CONFIRMATION, told, event.id,
                                           attachment=attachment), users([participant.user_id]))

    async def on_RegistrationChanged(self, work: Work, payload, message_id: str) -> None:
        await self._keep(work, payload)
        await work.copies.keep_participant(payload.event.id, payload.participant)

    async def on_ParticipantCancelled(self, work: Work, payload, message_id: str) -> None:
        await self._keep(work, payload)
        await work.copies.remove_participants(payload.event.id, [payload.participant])

    async def on_ParticipantsRemoved(self, work: Work, payload, message_id: str) -> None:
        await self._keep(work, payload)
        await work.copies.remove_participants(payload.event.id, list(payload.participants))

    async def on_WaitlistPromoted(self, work: Work, payload, message_id: str) -> None:
        event, participant = payload.event, payload.participant
        await self._keep(work, payload)
        kept = await work.copies.keep_participant(event.id, participant)
        if not _still(kept, registered=True) or self._over(work, event):
            return  # (cancelled or removed since, as a newer event already said)
        facts = await self._facts(work, event.id)
        await self._send(work, Outgoing(f"promoted:{message_id}", kinds.WAITLIST_PROMOTED,
                                           texts.waitlist_promoted(facts), event.id,
                                           attachment=self.calendar_file(event.id, facts)),
                         users([participant.user_id]))

    async def on_ParticipantsEmailed(self, work: Work, payload, message_id: str) -> None:
        event = payload.event
        await self._keep(work, payload)
        sender = await work.contacts.contact(payload.sender_user_id)
        told = texts.organizer_message(await self._facts(work, event.id), payload.sender_name,
                                          payload.subject, payload.message, replies=bool(sender and sender.email))
        key = f"organizer:{payload.message_id}"
        await self._send(work, Outgoing(key, kinds.ORGANIZER_MESSAGE, told, event.id,
                                           reply_to_user_id=payload.sender_user_id, user_mail=True),
                         users(list(payload.recipient_user_ids)))
        if payload.cc_sender:
            await self._send(work, Outgoing(f"{key}:copy", kinds.ORGANIZER_MESSAGE, told, event.id),
                             users([payload.sender_user_id]))

    async def on_InvitationListReady(self, work: Work, payload, message_id: str) -> None:
        told = texts.invitation_list_ready(payload.name, f"{self.public_url}/invitation_lists/{payload.list_id}",
                                              payload.editors)
        await self._send(work, Outgoing(f"list-ready:{payload.list_id}", kinds.INVITATION_LIST_READY, told,
                                           payload.event_id or None), users([payload.owner_user_id]))


def _still(kept, registered: bool) -> bool:
    """Whether the copy kept of a registration, after a message about it, still says what the message says: an
    active registration, with a place or on the waiting list. When a newer change came first, the message is old
    news and tells the person nothing."""
    return not kept.removed and kept.registered == registered
