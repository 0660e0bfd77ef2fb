"""NATS out of room: nats-server restarted with a JetStream storage limit just above what the stream holds,
so that the relay's publishes are refused. Registrations are still acknowledged, wait in the outbox, and
reach the stream, the Collaboration list and the mail once the server has room again; none is lost."""
import pytest

from eventcenter.services.kernel import bus
from tests import builders
from tests.faults import checks
from tests.faults.load import RegistrationLoad
from tests.people import md, organizer, person
from tests.waiting import eventually

pytestmark = pytest.mark.faults

PEOPLE = 60
ROOM = 8 * 1024  # bytes left for new messages: a few of them


async def _stream_bytes(stack) -> int:
    connection = await bus.connect(stack.nats.url, "faults-test")
    try:
        return (await connection.jetstream().stream_info(bus.STREAM)).state.bytes
    finally:
        await connection.close()


async def test_registrations_wait_in_the_outbox_while_nats_is_full(stack, stub, notifications_stub, smtp):
    ada = organizer()
    events = [(await builders.create(stub, md(ada))).id for _ in range(2)]
    people = [person() for _ in range(PEOPLE)]
    await checks.with_addresses(notifications_stub, people)

    async def outbox_empty():
        return await checks.unpublished(stack) == 0

    await eventually(outbox_empty, timeout=30)
    used = await _stream_bytes(stack)
    stack.nats.stop()
    stack.nats.start(max_file_store=used + ROOM)
    try:
        load = RegistrationLoad(stub, events, people, per_second=30).start()
        await eventually(lambda: all(task.done() for task in load.tasks), timeout=60)
        assert len(load.acknowledged) == PEOPLE, f"registrations need no room on NATS: {dict(load.failed)}"

        async def refused():
            log = (stack.nats.folder / "server.log").read_text()
            return "resource limits exceeded" in log and await checks.unpublished(stack) > 0

        await eventually(refused, timeout=30)
        waiting = await checks.unpublished(stack)
        print(f"\nnats full: {waiting} of {PEOPLE} registrations waited in the outbox")
    finally:
        stack.nats.stop()
        stack.nats.start()  # room again: no limit
    await checks.assert_caught_up(stack, smtp, load.acknowledged, events)
