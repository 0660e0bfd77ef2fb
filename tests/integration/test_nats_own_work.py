"""Each NATS user does all it needs as itself (kernel/nats_access.py), on a real server set up as the tests' own:
every service makes, fetches from, acknowledges, measures and removes each of its durable consumers (the live one
its settings name, and its rebuild's), with the subjects its stream entrypoint reads; the gateway makes, updates,
writes and watches the bucket of signed-out sessions, flow control included. The server refuses none of it."""
import asyncio
import uuid

import pytest
from sqlalchemy import Column, MetaData, Table, Text

from eventcenter.services.collaboration.entrypoints import stream as collaboration_stream
from eventcenter.services.contributions.entrypoints import stream as contributions_stream
from eventcenter.services.gateway.sign_in import signed_out
from eventcenter.services.gateway.sign_in.signed_out import SignedOutSessions
from eventcenter.services.invitations.entrypoints import stream as invitations_stream
from eventcenter.services.kernel import bus, nats_access
from eventcenter.services.kernel.consumer import DurableConsumer
from eventcenter.services.notifications.entrypoints import stream as notifications_stream
from tests.nats_users import connected_as, own_server
from tests.waiting import eventually

# What each service's consumers read (registration reads nothing: its consumers would be its own events').
SUBJECTS = {"registration": ["eventcenter.registration.v1.>"], "collaboration": collaboration_stream.SUBJECTS,
            "invitations": invitations_stream.SUBJECTS, "notifications": notifications_stream.SUBJECTS,
            "contributions": contributions_stream.SUBJECTS}
# Never written here: the consumer's subscription, fetch, acknowledgement and lag touch no database.
PROCESSED = Table("processed_messages", MetaData(), Column("consumer", Text), Column("message_id", Text))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from own_server(tmp_path_factory)


def no_violation_logged(server) -> None:
    log = (server.store_dir / "server.log").read_text()
    assert "Violation" not in log, [line for line in log.splitlines() if "Violation" in line]


async def _nothing(*_) -> None:
    return None


@pytest.mark.parametrize(("service", "name"), [(s, n) for s in nats_access.SERVICES
                                               for n in nats_access.durable_names(s)])
async def test_a_service_runs_each_of_its_consumers_as_its_own_user(server, service, name):
    subjects = SUBJECTS[service]
    probe = subjects[0].replace(">", "NatsProbe")
    operator = await bus.connect(server.url_of(nats_access.OPERATOR), "test-operator")
    try:
        await bus.ensure_stream(operator.jetstream())
        await operator.jetstream().publish(probe, uuid.uuid4().bytes, timeout=2)
    finally:
        await operator.close()
    async with connected_as(server, service) as (connection, refusals):
        js = connection.jetstream(timeout=2)
        await bus.ensure_stream(js)
        consumer = DurableConsumer(js, None, PROCESSED, name, subjects, _nothing)  # type: ignore[arg-type]
        subscription = await consumer.subscribe()
        [message, *_] = await subscription.fetch(1, timeout=2)
        await message.ack_sync(timeout=2)  # the server's answer: the acknowledgement was taken
        await consumer.lag()
        await subscription.unsubscribe()
        assert await js.delete_consumer(bus.STREAM, name)
    assert refusals.violations() == []
    no_violation_logged(server)


async def _read_to_the_end(watcher) -> set[str]:
    seen = set()
    async for entry in watcher:
        if entry is None:  # all the bucket held
            return seen
        seen.add(entry.key)
    return seen


def _gateway(server) -> dict[str, str]:
    return {"user": nats_access.GATEWAY, "password": server.passwords[nats_access.GATEWAY]}


async def test_the_gateway_keeps_and_watches_the_signed_out_sessions_as_its_own_user(server):
    first = SignedOutSessions(server.url, 3600, timeout=2, credentials=_gateway(server))
    # Another replica, with a longer session lifetime since: it updates the bucket's stream.
    second = SignedOutSessions(server.url, 7200, timeout=2, credentials=_gateway(server))
    try:
        await first.start(5)
        assert first.ready.is_set()
        await first.end("signed-out-before")
        await second.start(5)
        assert second.ready.is_set() and second.has_ended("signed-out-before")
        await first.end("signed-out-after")
        await eventually(lambda: second.has_ended("signed-out-after"), 5)
        assert not second.has_ended("still-signed-in")
    finally:
        await second.close()
        await first.close()
    no_violation_logged(server)


async def test_the_gateway_answers_the_flow_control_of_a_large_watch(server):
    """The server asks a watcher to confirm it keeps up (a flow-control request) once megabytes are on their way;
    an unanswered one stalls the watch."""
    async with connected_as(server, nats_access.GATEWAY) as (connection, refusals):
        kv = await signed_out.signed_out_bucket(connection.jetstream(timeout=2), 3600, 1)
        keys = {f"large-{uuid.uuid4().hex}" for _ in range(60)}
        for key in keys:
            await kv.put(key, b"x" * 64 * 1024)
        watcher = await kv.watchall()
        seen = await asyncio.wait_for(_read_to_the_end(watcher), 20)
        await watcher.stop()
    assert keys <= seen
    assert refusals.violations() == []
    no_violation_logged(server)
