"""While registrations flow, each process is killed (SIGKILL) in turn and started again: the registration
service (with its relay, which runs inside it), each stream consumer (collaboration, notifications),
nats-server and PostgreSQL. Every acknowledged registration is then stored once, published once, counted by
the Collaboration list and confirmed by one mail."""
import asyncio

import pytest

from tests import builders
from tests.faults import checks
from tests.faults.load import RegistrationLoad
from tests.people import md, organizer, person

pytestmark = pytest.mark.faults

PEOPLE = 450  # an upper bound: the load stops once the faults are over
EVENTS = 3
DOWN_SECONDS = 1.0  # how long a killed process stays away while the load goes on


async def test_acknowledged_registrations_survive_killed_processes(stack, stub, notifications_stub, smtp):
    ada = organizer()
    events = [(await builders.create(stub, md(ada))).id for _ in range(EVENTS)]
    people = [person() for _ in range(PEOPLE)]
    await checks.with_addresses(notifications_stub, people)
    load = RegistrationLoad(stub, events, people).start()
    try:
        await load.until_acknowledged(20)
        for name in ("registration", "collaboration", "notifications"):
            service = stack.services[name]
            await service.kill()
            await asyncio.sleep(DOWN_SECONDS)  # the load goes on meanwhile (and fails, for registration)
            await service.start()
            await load.until_acknowledged(15)

        stack.nats.kill()
        await load.until_acknowledged(15)  # registrations do not need NATS: their events wait in the outbox
        stack.nats.start()
        await load.until_acknowledged(15)

        stack.postgres.kill()
        await asyncio.sleep(DOWN_SECONDS)
        stack.postgres.start(durable=True)
        await load.until_acknowledged(15)
    finally:
        await load.stop()

    numbers = await checks.assert_caught_up(stack, smtp, load.acknowledged, events)
    print(f"\nkills: {len(load.acknowledged)} acknowledged, {dict(load.failed)} failed, {numbers}")
