"""Reminders 24 hours and 1 hour before the start: sent once to those with a place, however many schedulers
run, and moved when the event is."""
import asyncio
import datetime

import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.notifications.entrypoints.reminder_scheduler import ReminderScheduler
from tests import builders
from tests.notifications_helpers import address_of, confirmed_participant, with_email
from tests.people import md, organizer


@pytest.fixture
def later(notifications):
    """The notifications service's clock, moved back after the test."""
    offset = notifications.clock.offset
    yield notifications.clock
    notifications.clock.offset = offset


def _subjects(smtp, someone) -> list[str]:
    return [mail["Subject"] for mail in smtp.to(address_of(someone))]


async def _settle(notifications, smtp, someone, count: int) -> None:
    """Runs the schedulers of two replicas at once, then waits until `someone` has `count` mails (when that
    is all they had already, a little while, in which a wrong extra reminder would arrive)."""
    before = len(smtp.to(address_of(someone)))
    twin = ReminderScheduler(notifications.uow, "http://eventcenter.test", notifications.worker.wake.set, 60)
    # Until settled: earlier tests' events are due at the same time, more than one batch of them.
    await asyncio.gather(notifications.scheduler.run_until_settled(), twin.run_until_settled())
    if count > before:
        await smtp.wait_for(address_of(someone), count=count)
    else:
        await asyncio.sleep(0.5)


async def test_reminders_reach_participants_with_a_place_once_each(stub, notifications, notifications_stub, smtp,
                                                                   later):
    event = await builders.create(stub, md(organizer()), participant_limit=1)
    bea, waiting = await with_email(notifications_stub), await with_email(notifications_stub)
    await builders.register(stub, md(bea), event.id)
    await builders.register(stub, md(waiting), event.id)
    await smtp.wait_for(address_of(waiting))
    later.advance(days=1, minutes=1)
    await _settle(notifications, smtp, bea, count=2)
    await _settle(notifications, smtp, bea, count=2)
    assert _subjects(smtp, bea)[1:] == [f"{event.name} starts tomorrow"]
    later.advance(hours=23, minutes=30)
    await _settle(notifications, smtp, bea, count=3)
    assert _subjects(smtp, bea)[1:] == [f"{event.name} starts tomorrow", f"{event.name} starts in an hour"]
    assert "meet.example.org" in smtp.to(address_of(bea))[-1].get_body(("plain",)).get_content()
    assert len(_subjects(smtp, waiting)) == 1  # the confirmation that they wait, and nothing more


async def test_a_rescheduled_event_moves_its_reminders(stub, notifications, notifications_stub, smtp, later):
    ada, event, bea = await confirmed_participant(stub, notifications_stub, smtp)
    moved = pb.Event()
    moved.CopyFrom(event)
    moved.start_local_time = builders.local(datetime.timedelta(days=4))
    moved.end_local_time = builders.local(datetime.timedelta(days=5))
    await stub.UpdateEvent(api.UpdateEventRequest(event=moved), metadata=md(ada))
    await smtp.wait_for(address_of(bea), count=2)  # "has changed"
    later.advance(days=1, minutes=1)  # the old start's reminder would be due now
    await _settle(notifications, smtp, bea, count=2)
    assert len(_subjects(smtp, bea)) == 2
    later.advance(days=2)
    await _settle(notifications, smtp, bea, count=3)
    assert _subjects(smtp, bea)[2] == f"{event.name} starts tomorrow"


async def test_a_reminder_already_past_when_planned_is_never_sent(stub, notifications, notifications_stub, smtp,
                                                                  later):
    soon = datetime.timedelta(minutes=30)
    _, _, bea = await confirmed_participant(stub, notifications_stub, smtp, start_local_time=builders.local(soon),
                                            end_local_time=builders.local(datetime.timedelta(hours=3)))
    later.advance(minutes=10)
    await _settle(notifications, smtp, bea, count=1)
    assert len(_subjects(smtp, bea)) == 1
