"""Mail under faults: a slow SMTP server does not slow registrations, and mail the server accepted while
PostgreSQL was down is not sent again once it is back."""
import asyncio
import statistics

import pytest

from tests import builders
from tests.faults import checks
from tests.faults.load import RegistrationLoad
from tests.notifications_helpers import address_of
from tests.people import md, organizer, person
from tests.waiting import eventually

pytestmark = pytest.mark.faults

PEOPLE = 30  # per measurement
SMTP_DELAY = 1.5  # seconds the slow server takes over each mail


async def _register_one_by_one(load: RegistrationLoad, people, events) -> list[float]:
    began = len(load.latencies)
    for index, someone in enumerate(people):
        assert await load.register_one(someone, events[index % len(events)])
    return load.latencies[began:]


async def test_a_slow_smtp_server_does_not_slow_registrations(stack, stub, notifications_stub, smtp):
    ada = organizer()
    events = [(await builders.create(stub, md(ada))).id for _ in range(2)]
    people = [person() for _ in range(2 * PEOPLE)]
    await checks.with_addresses(notifications_stub, people)
    load = RegistrationLoad(stub, events, [])
    normal = await _register_one_by_one(load, people[:PEOPLE], events)
    await eventually(lambda: all(smtp.to(address_of(p)) for p in people[:PEOPLE]), timeout=30)

    smtp.slow_down(SMTP_DELAY)
    try:
        slow = await _register_one_by_one(load, people[PEOPLE:], events)
        arrived = sum(1 for p in people[PEOPLE:] if smtp.to(address_of(p)))
    finally:
        smtp.slow_down(0)
    assert arrived < PEOPLE, "the mail was meant to be slow while these registrations ran"
    print(f"\nregistration median: {statistics.median(normal) * 1000:.1f} ms with fast mail, "
          f"{statistics.median(slow) * 1000:.1f} ms with mail taking {SMTP_DELAY} s each")
    # Generous: registrations never wait for mail, so only a shared, busy machine moves these numbers.
    assert statistics.median(slow) < 3 * statistics.median(normal) + 0.05
    await checks.assert_caught_up(stack, smtp, load.acknowledged, events)


async def test_mail_accepted_while_the_database_is_down_is_not_sent_again(stack, stub, notifications_stub, smtp):
    """The worker learns of the server's "250" while PostgreSQL is away and its claim lapses meanwhile: once
    the database is back, the delivery is recorded as sent rather than claimed and sent a second time."""
    ada, reader = organizer(), person()
    await checks.with_addresses(notifications_stub, [reader])
    event = await builders.create(stub, md(ada))
    smtp.hold_after(len(smtp.received))
    try:
        await builders.register(stub, md(reader), event.id)
        await eventually(lambda: smtp.holding >= 1, timeout=30)
        stack.postgres.kill()
    finally:
        smtp.hold_after(None)  # the server now answers "250"; the worker cannot record it
    await eventually(lambda: smtp.to(address_of(reader)), timeout=10)
    await asyncio.sleep(2.5)  # the claim's lease (2 s) lapses while the database is still down
    stack.postgres.start(durable=True)

    async def recorded():
        rows = await stack.fetch("SELECT state FROM notifications.deliveries WHERE user_id = $1", reader.user_id)
        return rows and rows[0]["state"] == "sent"

    await eventually(recorded, timeout=30)
    await asyncio.sleep(1.0)  # room for a repeat to arrive, if there were one
    assert len(smtp.to(address_of(reader))) == 1
