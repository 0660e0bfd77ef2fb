"""Reminders that came due: each is taken under a row lock and settled in the transaction that queues its mail,
so it goes out once however many replicas look for due ones."""
from eventcenter.services.notifications.domain import kinds
from eventcenter.services.notifications.domain import notification_texts as texts
from eventcenter.services.notifications.domain import reminders as rules
from eventcenter.services.notifications.domain.outgoing import Outgoing, participants_of
from eventcenter.services.notifications.service_layer.unit_of_work import Work

BATCH = 50


async def send_due_reminders(work: Work, public_url: str, batch: int = BATCH) -> int:
    """Sends (to those with a place) or skips (the event is gone or has started) the reminders due now; returns
    how many it took."""
    due = await work.reminders.take_due(work.now, batch)
    for reminder in due:
        event = await work.copies.load_event(reminder.event_id)
        if event is None or event.deleted or not rules.still_worth_sending(event.start_utc, work.now):
            await work.reminders.settle(reminder.event_id, reminder.offset, rules.SKIPPED)
            continue
        told = texts.reminder(await work.copies.facts(event.id, public_url), reminder.offset)
        key = f"reminder:{event.id}:{reminder.offset}:{event.start_utc.isoformat()}"
        await work.fanout.send(Outgoing(key, kinds.REMINDER, told, event.id),
                               participants_of(event.id, with_place=True), work.now)
        await work.reminders.settle(reminder.event_id, reminder.offset, rules.SENT)
    return len(due)
