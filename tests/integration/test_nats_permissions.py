"""NATS users, on a real server set up as the tests' own (kernel/nats_access.py): a service's user publishes only
its own events, runs only its own consumers, listens only on its own inbox, and cannot remove the stream nor
touch the gateway's sign-outs; the gateway's touches nothing else; a wrong password is refused. (That each does all
its work as its own user is test_nats_own_work.py, and every other integration test: the services and the
gateway connect as their own users.)"""
import uuid

import nats
import pytest
from nats.errors import NoServersError

from eventcenter.services.invitations.settings import InvitationsSettings
from eventcenter.services.kernel import bus, nats_access
from tests import stream
from tests.nats_users import connected_as, own_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from own_server(tmp_path_factory)


def test_the_tests_shared_nats_has_the_same_users(infra):
    if infra.nats is None:
        pytest.skip("NATS given from outside, without the tests' users")
    assert set(infra.nats.passwords) == set(nats_access.USERS)
    assert infra.nats_settings("notifications")["nats_user"] == "notifications"


@pytest.mark.parametrize("service", nats_access.SERVICES)
async def test_a_service_cannot_publish_another_services_events(server, service):
    other = nats_access.SERVICES[(nats_access.SERVICES.index(service) + 1) % len(nats_access.SERVICES)]
    async with connected_as(server, service) as (connection, refusals):
        js = connection.jetstream()
        marker = uuid.uuid4().hex
        forged = bus.subject_for(other, "Forged")
        await bus.ensure_stream(js)
        own = await js.publish(bus.subject_for(service, "Probe"), marker.encode(), timeout=2)
        assert own.stream == bus.STREAM
        with pytest.raises(TimeoutError):  # the server drops it and says so
            await js.publish(forged, marker.encode(), timeout=1)
        await refusals.wait_for(f'publish to "{forged}"')
    kept = await stream.read_all(server.url_of(nats_access.OPERATOR), "eventcenter.*.v1.*", settle=0.3)
    assert [m.subject for m in kept if m.data == marker.encode()] == [bus.subject_for(service, "Probe")]


async def test_a_service_cannot_run_read_or_acknowledge_another_services_consumer(server):
    async with connected_as(server, "contributions") as (connection, refusals):
        js = connection.jetstream(timeout=1)
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


def live_consumer(service: str) -> str:
    """The durable consumer a service runs (its settings' consumer_name), or one named after it."""
    return nats_access.durable_names(service)[-2]


@pytest.mark.parametrize("service", nats_access.SERVICES)
async def test_a_service_cannot_make_fetch_from_or_remove_the_consumer_of_the_service_before_it(server, service):
    """Round the services: notifications cannot take invitations' consumer, invitations collaboration's, and so
    on."""
    other = nats_access.SERVICES[nats_access.SERVICES.index(service) - 1]
    name = live_consumer(other)
    async with connected_as(server, service) as (connection, refusals):
        js = connection.jetstream(timeout=1)
        with pytest.raises(TimeoutError):
            await js.add_consumer(bus.STREAM, durable_name=name)
        await refusals.wait_for(f"$JS.API.CONSUMER.DURABLE.CREATE.EVENTCENTER.{name}")
        await connection.publish(f"$JS.API.CONSUMER.MSG.NEXT.EVENTCENTER.{name}", b"1",
                                 reply=connection.new_inbox())
        await refusals.wait_for(f"$JS.API.CONSUMER.MSG.NEXT.EVENTCENTER.{name}")
        with pytest.raises(TimeoutError):
            await js.delete_consumer(bus.STREAM, name)
        await refusals.wait_for(f"$JS.API.CONSUMER.DELETE.EVENTCENTER.{name}")


def test_invitations_runs_the_consumer_its_stream_entrypoint_is_given():
    assert live_consumer("invitations") == "invitations"
    assert InvitationsSettings.model_fields["consumer_name"].default == "invitations"


async def test_the_gateway_touches_no_service_events_stream_or_consumer(server):
    async with connected_as(server, nats_access.GATEWAY) as (connection, refusals):
        js = connection.jetstream(timeout=1)
        forged = bus.subject_for("registration", "Forged")
        with pytest.raises(TimeoutError):
            await js.publish(forged, b"{}", timeout=1)
        await refusals.wait_for(f'publish to "{forged}"')
        with pytest.raises(TimeoutError):
            await js.stream_info(bus.STREAM)
        await refusals.wait_for("$JS.API.STREAM.INFO.EVENTCENTER")
        with pytest.raises(TimeoutError):
            await js.consumer_info(bus.STREAM, "invitations")
        await refusals.wait_for("$JS.API.CONSUMER.INFO.EVENTCENTER.invitations")
        with pytest.raises(TimeoutError):  # nor may it drop the sign-outs
            await js.delete_stream(f"KV_{nats_access.SIGNED_OUT_BUCKET}")
        await refusals.wait_for(f"$JS.API.STREAM.DELETE.KV_{nats_access.SIGNED_OUT_BUCKET}")
        await connection.subscribe("eventcenter.>")
        await refusals.wait_for('subscription to "eventcenter.>"')


async def test_a_service_cannot_sign_anyone_out(server):
    async with connected_as(server, "registration") as (connection, refusals):
        await connection.publish(f"$KV.{nats_access.SIGNED_OUT_BUCKET}.some-session", b"0")
        await refusals.wait_for(f"$KV.{nats_access.SIGNED_OUT_BUCKET}.some-session")
        with pytest.raises(TimeoutError):
            await connection.jetstream(timeout=1).stream_info(f"KV_{nats_access.SIGNED_OUT_BUCKET}")
        await refusals.wait_for(f"$JS.API.STREAM.INFO.KV_{nats_access.SIGNED_OUT_BUCKET}")


async def test_a_service_listens_only_on_its_own_inbox(server):
    async with connected_as(server, "invitations") as (connection, refusals):
        for subject in ("eventcenter.registration.v1.>", nats_access.inbox_prefix("notifications") + ".>", "_INBOX.>"):
            await connection.subscribe(subject)
            await refusals.wait_for(f'subscription to "{subject}"')


async def test_a_wrong_password_is_refused(server):
    with pytest.raises((NoServersError, nats.errors.Error, OSError)):
        await nats.connect(server.url, user="registration", password="not the password", max_reconnect_attempts=0,
                           allow_reconnect=False, connect_timeout=2)
