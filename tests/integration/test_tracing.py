"""One registration through the REST API is one trace: the gateway's request, the registration service's call,
the relay's publication and the stream consumers' handling, each span a child of the one before."""
import asyncio

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from tests.integration.test_rest_events import event_body, sign_in

API = "/campaignevents/v0"
REGISTRATION = "eventcenter.registration.v1.RegistrationService/"


@pytest.fixture(scope="module")
def spans():
    """Spans of this process kept in memory. The tracer provider is set once per process; later tests' spans
    are dropped (the exporter is shut down after this module)."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter
    exporter.shutdown()


def ancestors(span, by_id) -> list:
    found = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        found.append(span)
    return found


async def wait_for_trace(spans: InMemorySpanExporter, trace_id: int, complete, timeout: float = 20.0) -> list:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = [s for s in spans.get_finished_spans() if s.context.trace_id == trace_id]
        if complete(found) or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.1)


async def test_one_registration_is_one_trace_from_gateway_to_consumers(spans, http, collaboration, notifications):
    ada = await sign_in(http, groups=["event-organizer"])
    created = await http.post(f"{API}/event_registration", json=event_body(), headers=ada["headers"])
    assert created.status_code == 201, created.text
    ines = await sign_in(http)
    registered = await http.put(f"{API}/event_registration/{created.json()['id']}/participants/self",
                                json={"is_private": False}, headers=ines["headers"])
    assert registered.status_code == 200, registered.text

    [request] = [s for s in spans.get_finished_spans()
                 if s.kind == SpanKind.SERVER and s.name.startswith("PUT ") and s.name.endswith("/participants/self")]
    consumers = {collaboration.settings.consumer_name, notifications.settings.consumer_name}

    def consumed_by_all(found) -> bool:
        return consumers <= {s.attributes.get("messaging.consumer.group.name") for s in found
                             if s.kind == SpanKind.CONSUMER}

    found = await wait_for_trace(spans, request.context.trace_id, consumed_by_all)
    by_id = {s.context.span_id: s for s in found}
    [served] = [s for s in found if s.kind == SpanKind.SERVER and s.name == REGISTRATION + "RegisterParticipant"]
    published = [s for s in found if s.kind == SpanKind.PRODUCER]
    handled = [s for s in found if s.kind == SpanKind.CONSUMER]
    assert served.attributes["rpc.grpc.status_code"] == 0
    assert request in ancestors(served, by_id)  # gateway -> gRPC client span -> registration
    assert published and all(served in ancestors(p, by_id) for p in published), sorted(s.name for s in found)
    assert consumed_by_all(handled), sorted(s.name for s in found)
    for span in handled:  # NATS headers carried it on: each consumer's span descends from the HTTP request
        assert request in ancestors(span, by_id) and served in ancestors(span, by_id)


def test_otlp_exporter_is_made_only_when_an_endpoint_is_configured(monkeypatch):
    from eventcenter.services.kernel import tracing

    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_PROTOCOL", raising=False)
    assert tracing.configure("registration", "") is False  # nothing to export to
    exporter = tracing._exporter("http://collector.example:4318")
    assert exporter._endpoint == "http://collector.example:4318/v1/traces"
    exporter.shutdown()
