"""Prometheus /metrics on the side port: RPCs by method and code, outbox backlog, consumer lag, deliveries, jobs,
and the gateway's requests by route and status."""
import asyncio

import grpc
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.registration.bootstrap import RegistrationService
from tests import builders
from tests.conftest import gateway_settings, start_gateway
from tests.people import md, organizer

REGISTRATION = "eventcenter.registration.v1.RegistrationService"


@pytest.fixture(scope="module")
async def measured_registration(registration_settings):
    """A registration service of its own, with its metrics address on (a free port)."""
    service = RegistrationService(registration_settings.model_copy(update={"metrics_address": "127.0.0.1:0"}),
                                  run_timers=False)
    service.port = await service.start()
    yield service
    await service.stop()


async def scrape(port: int) -> dict[str, list]:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"http://127.0.0.1:{port}/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return {family.name: family.samples for family in text_string_to_metric_families(answer.text)}


async def scrape_until(port: int, found) -> dict[str, list]:
    """Probes appear once their parts run (a consumer once NATS answered): scrape until `found` holds."""
    for _ in range(100):
        families = await scrape(port)
        if found(families):
            return families
        await asyncio.sleep(0.1)
    return families


def value(samples, name: str, **labels) -> float | None:
    for sample in samples:
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
            return sample.value
    return None


async def test_rpcs_are_counted_by_method_and_status_code(measured_registration):
    port = measured_registration.observability.metrics_port
    async with grpc.aio.insecure_channel(f"127.0.0.1:{measured_registration.port}") as channel:
        stub = registration_service_pb2_grpc.RegistrationServiceStub(channel)
        ada = organizer()
        created = await builders.create(stub, md(ada))
        await stub.GetEvent(api.GetEventRequest(event_id=created.id), metadata=md(ada))
        with pytest.raises(grpc.aio.AioRpcError):
            await stub.GetEvent(api.GetEventRequest(event_id=created.id + 10**9), metadata=md(ada))
        with pytest.raises(grpc.aio.AioRpcError):
            await stub.GetEvent(api.GetEventRequest(event_id=created.id))  # no identity token
    families = await scrape(port)
    handled = families["eventcenter_grpc_server_handled"]
    for method, code in (("CreateEvent", "OK"), ("GetEvent", "OK"), ("GetEvent", "NOT_FOUND"),
                         ("GetEvent", "UNAUTHENTICATED")):
        assert value(handled, "eventcenter_grpc_server_handled_total", grpc_service=REGISTRATION,
                     grpc_method=method, grpc_code=code) >= 1, (method, code)
    latency = families["eventcenter_grpc_server_handling_seconds"]
    assert value(latency, "eventcenter_grpc_server_handling_seconds_count", grpc_service=REGISTRATION,
                 grpc_method="CreateEvent", grpc_code="OK") >= 1


async def test_outbox_backlog_consumer_lag_deliveries_and_jobs_are_reported(
        measured_registration, collaboration, notifications, invitations):
    port = measured_registration.observability.metrics_port
    wanted = ("eventcenter_outbox_backlog", "eventcenter_outbox_oldest_age_seconds",
              "eventcenter_consumer_lag_messages", "eventcenter_notification_deliveries", "eventcenter_invitation_jobs")
    consumers = (collaboration.settings.consumer_name, notifications.settings.consumer_name)
    families = await scrape_until(port, lambda found: all(
        value(found.get(name, []), name) is not None for name in wanted) and all(
        value(found["eventcenter_consumer_lag_messages"], "eventcenter_consumer_lag_messages", consumer=c) is not None
        for c in consumers))
    assert value(families["eventcenter_outbox_backlog"], "eventcenter_outbox_backlog", service="registration") >= 0
    assert value(families["eventcenter_outbox_oldest_age_seconds"], "eventcenter_outbox_oldest_age_seconds",
                 service="registration") >= 0
    for consumer in consumers:
        assert value(families["eventcenter_consumer_lag_messages"], "eventcenter_consumer_lag_messages",
                     consumer=consumer) >= 0, consumer
    for state in ("pending", "sending", "sent", "dead"):
        assert value(families["eventcenter_notification_deliveries"], "eventcenter_notification_deliveries",
                     state=state) >= 0, state
    assert value(families["eventcenter_invitation_jobs"], "eventcenter_invitation_jobs", state="waiting") >= 0
    probes = families["eventcenter_metrics_probe_up"]
    assert value(probes, "eventcenter_metrics_probe_up", probe="outbox:registration") == 1
    assert value(probes, "eventcenter_metrics_probe_up", probe="notification_deliveries") == 1


async def test_unpublished_outbox_rows_show_as_backlog_with_their_age(measured_registration):
    """A row the relay has not sent (written an hour ago, on a subject nobody consumes) counts, with its age."""
    import datetime
    import uuid

    from sqlalchemy import delete, insert, select

    from eventcenter.services.registration.adapters.tables import outbox

    port = measured_registration.observability.metrics_port
    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    for _ in range(5):
        row = uuid.uuid4()
        async with measured_registration.sessions() as session, session.begin():
            await session.execute(insert(outbox).values(id=row, subject="eventcenter.tests.v1.MetricsProbe",
                                                        type="tests.Nothing", payload=b"", headers={},
                                                        create_time=old))
        # Held by this transaction, the row is skipped by the relays (SKIP LOCKED) while the scrape reads it.
        async with measured_registration.sessions() as session, session.begin():
            unsent = select(outbox.c.seq).where(outbox.c.id == row, outbox.c.publish_time.is_(None))
            held = (await session.execute(unsent.with_for_update(skip_locked=True))).first()
            if held is None:
                continue  # a relay took it first: try again
            families = await scrape(port)
            await session.execute(delete(outbox).where(outbox.c.id == row))
            break
    backlog = value(families["eventcenter_outbox_backlog"], "eventcenter_outbox_backlog", service="registration")
    age = value(families["eventcenter_outbox_oldest_age_seconds"], "eventcenter_outbox_oldest_age_seconds",
                service="registration")
    assert backlog >= 1 and age >= 3500


async def test_gateway_counts_requests_by_route_and_status(registration, collaboration):
    server = await start_gateway(gateway_settings(registration, collaboration, metrics_address="127.0.0.1:0"))
    try:
        async with httpx.AsyncClient(base_url=server.url) as http:
            assert (await http.get("/campaignevents/v0/event_registration/999999999")).status_code == 404
            assert (await http.get("/no/such/page")).status_code == 404
        families = await scrape(server.observability.metrics_port)
    finally:
        await server.stop()
    requests = families["eventcenter_http_requests"]
    assert value(requests, "eventcenter_http_requests_total", method="GET", status="404",
                 route="/campaignevents/v0/event_registration/{event_id}") >= 1
    assert value(requests, "eventcenter_http_requests_total", method="GET", status="404", route="unmatched") >= 1
    assert value(families["eventcenter_http_request_duration_seconds"],
                 "eventcenter_http_request_duration_seconds_count", method="GET", route="unmatched") >= 1


async def test_other_paths_are_not_found(measured_registration):
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"http://127.0.0.1:{measured_registration.observability.metrics_port}/")
    assert answer.status_code == 404
