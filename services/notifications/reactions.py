"""What each event on the stream makes this service do: keep its copies up to date, and write the messages
people should receive (queued in the same transaction as the handled-message record)."""
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from google.protobuf.message import Message as Payload
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.stream_events import parse
from eventcenter.services.kernel import bus
from eventcenter.services.kernel.compiled import transaction_memo
from eventcenter.services.notifications.adapters import contacts, copies, fanout
from eventcenter.services.notifications.adapters.fanout import Outgoing
from eventcenter.services.notifications.calendar_attachment import event_file
from eventcenter.services.notifications.domain import kinds, messages
from eventcenter.services.notifications.domain.confirmation import confirmation

_WAKES_WORKER = "wakes the delivery worker"  # the transaction's memo: its commit wakes the worker already


@dataclass
class Reactions:
    public_url: str
    host: str  # names calendar entries (UIDs)
    now: Callable[[], datetime.datetime]
    # Called after a transaction queued mail, so the worker need not wait for its next poll.
    queued: Callable[[], None] = lambda: None

    async def handle(self, session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        payload = parse(type_name, data)
        react = getattr(self, "on_" + payload.DESCRIPTOR.name, None) if payload is not None else None
        if react is not None:
            # The relay's id of the stream message: one cause, one message, however often it is delivered.
            await react(session, payload, headers[bus.HEADER_MESSAGE_ID])

    async def _send(self, session: AsyncSession, outgoing: Outgoing, recipients) -> None:
        sent = await fanout.send(session, outgoing, recipients, self.now())
        memo = transaction_memo(session)
        if sent is not None and sent.mails and not memo.get(_WAKES_WORKER):
            # Woken before the commit, the worker could look, find nothing yet, and sleep its idle time. Once per
            # transaction: a batch of stream messages queues mail many times and commits once.
            memo[_WAKES_WORKER] = True
            event.listen(session.sync_session, "after_commit", lambda _: self.queued(), once=True)

    async def _keep(self, session: AsyncSession, payload: Payload) -> bool:
        names = [o.user_name for o in payload.organizers] if "organizers" in payload.DESCRIPTOR.fields_by_name else None
        return await copies.keep_event(session, payload.event, names, self.now())

    async def _facts(self, session: AsyncSession, event_id: int):
        return copies.facts_of(await copies.load_event(session, event_id), self.public_url)

    def _over(self, event: pb.Event) -> bool:
        return event.ended or event.end_time.ToDatetime(tzinfo=datetime.UTC) <= self.now()

    async def on_EventCreated(self, session, payload, message_id) -> None:
        await self._keep(session, payload)

    on_OrganizersChanged = on_EventCreated

    async def on_EventUpdated(self, session, payload, message_id) -> None:
        event = payload.event
        if not await self._keep(session, payload) or self._over(event):
            return
        facts = await self._facts(session, event.id)
        changed = set(payload.changed_fields)
        if "status" in changed and event.status == pb.EVENT_STATUS_CLOSED:
            await self._send(session, Outgoing(f"closed:{event.id}:{event.revision}", kinds.EVENT_CANCELLED,
                                               messages.event_closed(facts), event.id),
                             fanout.participants_of(event.id))
        # The meeting link comes with a place: the waiting list hears of the other changes only.
        for with_place, key in ((True, "changed"), (False, "changed-waiting")):
            told = messages.event_changed(facts, changed if with_place else changed - messages.MEETING_FIELDS)
            if told is not None:
                await self._send(session, Outgoing(f"{key}:{event.id}:{event.revision}", kinds.EVENT_CHANGED, told,
                                                   event.id), fanout.participants_of(event.id, with_place))

    async def on_EventDeleted(self, session, payload, message_id) -> None:
        event = payload.event
        await self._keep(session, payload)
        if not self._over(event):
            await self._send(session, Outgoing(f"deleted:{event.id}", kinds.EVENT_CANCELLED,
                                               messages.event_deleted(await self._facts(session, event.id)),
                                               event.id), fanout.participants_of(event.id))

    async def on_ParticipantRegistered(self, session, payload, message_id) -> None:
        event, participant = payload.event, payload.participant
        await self._keep(session, payload)
        waiting = participant.state == pb.REGISTRATION_STATE_WAITLISTED
        kept = await copies.keep_participant(session, event.id, participant)
        if not _still(kept, registered=not waiting):
            return  # a newer change arrived first (a cancellation, a promotion): this registration is told no more
        if event.HasField("delete_time") or self._over(event):
            return  # (a replay of old history, say, or a registration kept as the event ended)
        facts = await self._facts(session, event.id)
        told = confirmation(facts, payload.reactivated, participant.waitlist_position if waiting else 0)
        # The calendar file comes with a place: for the waiting list, with the promotion.
        attachment = None if waiting else event_file(event.id, facts, self.host).content
        await self._send(session, Outgoing(f"confirmation:{message_id}", kinds.CONFIRMATION, told, event.id,
                                           attachment=attachment), fanout.users([participant.user_id]))

    async def on_RegistrationChanged(self, session, payload, message_id) -> None:
        await self._keep(session, payload)
        await copies.keep_participant(session, payload.event.id, payload.participant)

    async def on_ParticipantCancelled(self, session, payload, message_id) -> None:
        await self._keep(session, payload)
        await copies.remove_participants(session, payload.event.id, [payload.participant])

    async def on_ParticipantsRemoved(self, session, payload, message_id) -> None:
        await self._keep(session, payload)
        await copies.remove_participants(session, payload.event.id, list(payload.participants))

    async def on_WaitlistPromoted(self, session, payload, message_id) -> None:
        event, participant = payload.event, payload.participant
        await self._keep(session, payload)
        kept = await copies.keep_participant(session, event.id, participant)
        if not _still(kept, registered=True) or self._over(event):
            return  # (cancelled or removed since, as a newer event already said)
        facts = await self._facts(session, event.id)
        await self._send(session, Outgoing(f"promoted:{message_id}", kinds.WAITLIST_PROMOTED,
                                           messages.waitlist_promoted(facts), event.id,
                                           attachment=event_file(event.id, facts, self.host).content),
                         fanout.users([participant.user_id]))

    async def on_ParticipantsEmailed(self, session, payload, message_id) -> None:
        event = payload.event
        await self._keep(session, payload)
        sender = await contacts.contact(session, payload.sender_user_id)
        told = messages.organizer_message(await self._facts(session, event.id), payload.sender_name,
                                          payload.subject, payload.message, replies=bool(sender and sender.email))
        key = f"organizer:{payload.message_id}"
        await self._send(session, Outgoing(key, kinds.ORGANIZER_MESSAGE, told, event.id,
                                           reply_to_user_id=payload.sender_user_id, user_mail=True),
                         fanout.users(list(payload.recipient_user_ids)))
        if payload.cc_sender:
            await self._send(session, Outgoing(f"{key}:copy", kinds.ORGANIZER_MESSAGE, told, event.id),
                             fanout.users([payload.sender_user_id]))

    async def on_InvitationListReady(self, session, payload, message_id) -> None:
        told = messages.invitation_list_ready(payload.name, f"{self.public_url}/invitation_lists/{payload.list_id}",
                                              payload.editors)
        await self._send(session, Outgoing(f"list-ready:{payload.list_id}", kinds.INVITATION_LIST_READY, told,
                                           payload.event_id or None), fanout.users([payload.owner_user_id]))


def _still(kept, registered: bool) -> bool:
    """Whether the copy kept of a registration, after a message about it, still says what the message says: an
    active registration, with a place or on the waiting list. When a newer change came first, the message is old
    news and tells the person nothing."""
    return not kept.removed and kept.registered == registered
