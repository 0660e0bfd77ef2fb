"""NATS users, on a real server set up as the tests' own (kernel/nats_access.py): a service's user publishes only
its own events, runs only its own consumers, listens only on its own inbox, and cannot remove the stream; a
wrong password is refused. (That each service still does all its work as its own user is every other integration
test: the services connect as their own users.)"""
import asyncio
import secrets
import uuid

import nats
import pytest
from nats.errors import NoServersError

from eventcenter.services.devstack.nats import EmbeddedNats
from eventcenter.services.devstack.ports import free_port
from eventcenter.services.kernel import bus, nats_access
from tests import stream


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own, set up as the tests' shared one (tests/infrastructure.py): what these tests publish
    reaches no service's consumer."""
    passwords = {user: secrets.token_urlsafe(24) for user in (*nats_access.SERVICES, nats_access.OPERATOR)}
    running = EmbeddedNats(tmp_path_factory.mktemp("nats"), free_port(), passwords=passwords)
    running.start()
    yield running
    running.stop()


def test_the_tests_shared_nats_has_the_same_users(infra):
    if infra.nats is None:
        pytest.skip("NATS given from outside, without the tests' users")
    assert set(infra.nats.passwords) == {*nats_access.SERVICES, nats_access.OPERATOR}
    assert infra.nats_settings("notifications")["nats_user"] == "notifications"


class Refusals:
    """The server's refusals, which reach a client asynchronously (its error callback)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def note(self, error: Exception) -> None:
        self.seen.append(str(error).lower())

    async def wait_for(self, what: str) -> str:
        for _ in range(100):
            found = [s for s in self.seen if "permissions violation" in s and what.lower() in s]
            if found:
                return found[0]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no refusal for {what}: {self.seen}")


async def _as(server, service: str, refusals: Refusals):
    return await bus.connect(server.url, f"test-{service}", user=service, password=server.passwords[service],
                             error_cb=refusals.note)


@pytest.mark.parametrize("service", nats_access.SERVICES)
async def test_a_service_cannot_publish_another_services_events(server, service):
    other = nats_access.SERVICES[(nats_access.SERVICES.index(service) + 1) % len(nats_access.SERVICES)]
    refusals = Refusals()
    connection = await _as(server, service, refusals)
    js = connection.jetstream()
    marker = uuid.uuid4().hex
    forged = bus.subject_for(other, "Forged")
    try:
        await bus.ensure_stream(js)
        own = await js.publish(bus.subject_for(service, "Probe"), marker.encode(), timeout=2)
        assert own.stream == bus.STREAM
        with pytest.raises(TimeoutError):  # the server drops it and says so
            await js.publish(forged, marker.encode(), timeout=1)
        await refusals.wait_for(f'publish to "{forged}"')
    finally:
        await connection.close()
    kept = await stream.read_all(server.url_of(nats_access.OPERATOR), "eventcenter.*.v1.*", settle=0.3)
    assert [m.subject for m in kept if m.data == marker.encode()] == [bus.subject_for(service, "Probe")]


async def test_a_service_cannot_run_read_or_acknowledge_another_services_consumer(server):
    refusals = Refusals()
    connection = await _as(server, "contributions", refusals)
    js = connection.jetstream(timeout=1)
    try:
        with pytest.raises(TimeoutError):
            await js.consumer_info(bus.STREAM, "notifications")
        await refusals.wait_for("$JS.API.CONSUMER.INFO.EVENTCENTER.notifications")
        with pytest.raises(TimeoutError):
            await js.add_consumer(bus.STREAM, durable_name="intruder")
        await refusals.wait_for("$JS.API.CONSUMER")
        await connection.publish("$JS.ACK.EVENTCENTER.notifications.1.1.1.1.0", b"+ACK")
        await refusals.wait_for("$JS.ACK.EVENTCENTER.notifications")
        with pytest.raises(TimeoutError):
            await js.delete_stream(bus.STREAM)
        await refusals.wait_for("$JS.API.STREAM.DELETE")
    finally:
        await connection.close()


async def test_a_service_listens_only_on_its_own_inbox(server):
    refusals = Refusals()
    connection = await _as(server, "invitations", refusals)
    try:
        for subject in ("eventcenter.registration.v1.>", nats_access.inbox_prefix("notifications") + ".>", "_INBOX.>"):
            await connection.subscribe(subject)
            await refusals.wait_for(f'subscription to "{subject}"')
    finally:
        await connection.close()


async def test_a_wrong_password_is_refused(server):
    with pytest.raises((NoServersError, nats.errors.Error, OSError)):
        await nats.connect(server.url, user="registration", password="not the password", max_reconnect_attempts=0,
                           allow_reconnect=False, connect_timeout=2)
