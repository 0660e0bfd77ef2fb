"""Reminders 24 hours and 1 hour before the start: due then, sent once to those with a place, moved with the start,
skipped when the event is gone or their time had passed when they were planned."""
import datetime

from eventcenter.registration.v1 import events_pb2 as events
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.notifications.domain import kinds
from tests.service_layer.fakes_notifications import (
    event,
    mails_to,
    notifications,
    participant,
    react,
    subject_key,
    with_address,
)

DAY = datetime.timedelta(days=1)


async def _with_participants(wiring, uow, starts_in: datetime.timedelta) -> None:
    start = event(starts_in=starts_in, now=uow.clock.now())
    await with_address(uow, 41)
    await with_address(uow, 42)
    await react(wiring, events.ParticipantRegistered(event=start, participant=participant(41)))
    await react(wiring, events.ParticipantRegistered(event=start, participant=participant(42, waiting=1)))


def _reminders(uow, user_id: int) -> list[str]:
    return [subject_key(message) for kind, message in mails_to(uow, user_id) if kind == kinds.REMINDER]


async def test_each_reminder_is_due_at_its_time_and_sent_once_to_those_with_a_place():
    wiring, uow, woken = notifications()
    await _with_participants(wiring, uow, 2 * DAY)
    assert await wiring.reminders.run_once() == 0
    uow.clock.advance(days=1, minutes=1)
    assert await wiring.reminders.run_once() == 1
    assert await wiring.reminders.run_once() == 0  # settled: never again
    assert _reminders(uow, 41) == ["notifications-reminder-subject-24h"]
    uow.clock.advance(hours=23)
    await wiring.reminders.run_until_settled()
    assert _reminders(uow, 41) == ["notifications-reminder-subject-24h", "notifications-reminder-subject-1h"]
    assert _reminders(uow, 42) == []  # on the waiting list
    assert len(woken) == 4  # the two confirmations (a place, the waiting list), then each batch of reminders


async def test_a_rescheduled_event_moves_its_reminders_and_a_deleted_one_drops_them():
    wiring, uow, _ = notifications()
    await _with_participants(wiring, uow, 2 * DAY)
    moved = event(revision=2, starts_in=4 * DAY, now=uow.clock.now())
    await react(wiring, events.EventUpdated(event=moved, changed_fields=["start_local"]))
    uow.clock.advance(days=1, minutes=1)  # the old start's reminder would be due now
    await wiring.reminders.run_until_settled()
    assert _reminders(uow, 41) == []
    uow.clock.advance(days=2)
    await wiring.reminders.run_until_settled()
    assert _reminders(uow, 41) == ["notifications-reminder-subject-24h"]
    gone = event(revision=3, starts_in=3 * DAY, now=uow.clock.now(), delete_time=timestamp(uow.clock.now()))
    await react(wiring, events.EventDeleted(event=gone))
    uow.clock.advance(days=3)
    await wiring.reminders.run_until_settled()
    assert _reminders(uow, 41) == ["notifications-reminder-subject-24h"]


async def test_a_reminder_already_past_when_planned_is_never_sent_and_one_late_after_the_start_is_skipped():
    wiring, uow, _ = notifications()
    await _with_participants(wiring, uow, datetime.timedelta(minutes=30))
    assert {r.offset: r.state for r in uow.tables.reminders.values()} == {"24h": "skipped", "1h": "skipped"}
    wiring2, uow2, _ = notifications()
    await _with_participants(wiring2, uow2, 2 * DAY)
    uow2.clock.advance(days=2, minutes=1)  # the service was down until after the start
    await wiring2.reminders.run_until_settled()
    assert _reminders(uow2, 41) == []
    assert {r.state for r in uow2.tables.reminders.values()} == {"skipped"}
