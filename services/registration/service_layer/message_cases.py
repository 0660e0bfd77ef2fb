"""Use case: an organizer emails the event's participants. Recorded here; delivered by notifications."""
import datetime

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel.errors import InvalidArgument, ResourceExhausted, invalid
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.registration.adapters import protobuf
from eventcenter.services.registration.domain import access, messaging
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.unit_of_work import Work


async def email_participants(work: Work, identity: Identity, event_id: int, subject: str, message: str,
                             user_ids: list[int] | None, invert: bool, cc_sender: bool) -> tuple[str, list[int]]:
    caller = await callers.resolve(work, identity, remember=True)
    event_row = await callers.load_event(work, event_id)
    access.require_event_organizer(caller, await callers.organizer_ids(work, event_id), event_id)
    problems = messaging.message_violations(subject, message)
    if problems:
        raise InvalidArgument(problems)
    if invert and user_ids is None:
        raise invalid("invert_users", "violation-invert-needs-ids")
    await work.store.people.lock_user(caller.user_id)
    sent, oldest = await work.store.organizer_messages.sent_since(caller.user_id,
                                                        messaging.window_start(work.now))
    if not messaging.may_send(sent):
        raise ResourceExhausted("EMAIL_RATE_LIMITED", "error-email-rate-limited",
                                limit=messaging.MESSAGES_PER_WINDOW,  # "2026-12-01 13:51", said to be UTC
                                retry_time=messaging.next_allowed(oldest).astimezone(datetime.UTC)
                                .strftime("%Y-%m-%d %H:%M"))
    chosen = await work.store.participants.registered_user_ids(event_id, user_ids, invert)
    recipients, copy_to_sender = messaging.addressees(chosen, caller.user_id, cc_sender)
    subject, message = subject.strip(), message.strip()
    message_id = await work.store.organizer_messages.record(event_id, caller.user_id, subject, message,
                                                 len(recipients), work.now)
    counters = await work.store.events.counters(event_id)
    work.emit(events_pb2.ParticipantsEmailed(
        message_id=str(message_id), event=protobuf.event_message(event_row, counters, work.now),
        sender_user_id=caller.user_id, sender_name=caller.name, subject=subject, message=message,
        recipient_user_ids=recipients, cc_sender=copy_to_sender, send_time=timestamp(work.now)))
    return str(message_id), list(recipients)
