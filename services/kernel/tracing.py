"""OpenTelemetry traces: W3C trace context in gRPC metadata, outbox rows and NATS headers; OTLP export only when
an endpoint is configured (otherwise spans cost nothing and are never recorded, yet the context still flows)."""
import contextlib
import os
from collections.abc import Iterator, Mapping, MutableMapping

import grpc
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from eventcenter.services.kernel import logs

tracer = trace.get_tracer("eventcenter")
# Codes that mean the server failed (OpenTelemetry's rule for gRPC servers); the others are the caller's doing.
SERVER_FAULTS = frozenset({grpc.StatusCode.UNKNOWN, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNIMPLEMENTED,
                           grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DATA_LOSS})


# Readiness checks run every few seconds: traces of them would be noise.
UNTRACED_PREFIX = "/grpc.health.v1."


def configure(service: str, endpoint: str = "") -> bool:
    """Exports this process's spans over OTLP when `endpoint` (EVENTCENTER_OTLP_ENDPOINT) or the standard
    OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set. Once per process: the dev stack's services share the first one's."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    standard = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if not (endpoint or standard) or isinstance(trace.get_tracer_provider(), TracerProvider):
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": f"eventcenter-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(_exporter(endpoint)))
    trace.set_tracer_provider(provider)
    return True


def _exporter(endpoint: str):
    """OTLP over HTTP unless OTEL_EXPORTER_OTLP_PROTOCOL says grpc; without `endpoint` the exporter reads the
    standard variables itself."""
    if os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf") == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=endpoint or None)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    if endpoint and not endpoint.rstrip("/").endswith("/v1/traces"):
        endpoint = endpoint.rstrip("/") + "/v1/traces"
    return OTLPSpanExporter(endpoint=endpoint or None)


def inject(carrier: MutableMapping[str, str]) -> MutableMapping[str, str]:
    """Adds the current trace context (`traceparent`, `tracestate`) to headers or metadata."""
    propagate.inject(carrier)
    return carrier


def extract(carrier: Mapping[str, str]) -> otel_context.Context:
    return propagate.extract(carrier)


def bind_trace_to_logs() -> None:
    """Puts the current trace id in the log context, so logs and traces of one request find each other."""
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        logs.bind(trace_id=format(span_context.trace_id, "032x"))


def mark_grpc_outcome(span: trace.Span, code: grpc.StatusCode, server: bool) -> None:
    span.set_attribute("rpc.grpc.status_code", code.value[0])
    if code in SERVER_FAULTS or (not server and code != grpc.StatusCode.OK):
        span.set_status(Status(StatusCode.ERROR, code.name))


def _rpc_attributes(method: str) -> dict[str, str]:
    service, _, name = method.lstrip("/").partition("/")
    return {"rpc.system": "grpc", "rpc.service": service, "rpc.method": name}


@contextlib.contextmanager
def client_span(method: str) -> Iterator[tuple[trace.Span, tuple[tuple[str, str], ...]]]:
    """The span of one call made, with the metadata that carries its context for the server to continue."""
    with tracer.start_as_current_span(method.lstrip("/"), kind=SpanKind.CLIENT, attributes=_rpc_attributes(method),
                                      record_exception=False, set_status_on_exception=False) as span:
        yield span, tuple(inject({}).items())


class ClientInterceptor(grpc.aio.UnaryUnaryClientInterceptor):
    """A client span per call of a channel (a hot path calls with `client_span` itself: an aio interceptor wraps
    every call in a task of its own)."""

    async def intercept_unary_unary(self, continuation, details, request):
        method = details.method.decode() if isinstance(details.method, bytes) else details.method
        if method.startswith(UNTRACED_PREFIX):
            return await continuation(details, request)
        with client_span(method) as (span, carried):
            metadata = grpc.aio.Metadata(*(details.metadata or ()), *carried)
            call = await continuation(details._replace(metadata=metadata), request)
            try:
                await call
            except grpc.aio.AioRpcError as error:
                mark_grpc_outcome(span, error.code(), server=False)
                raise
            mark_grpc_outcome(span, grpc.StatusCode.OK, server=False)
            return call


def server_span(method: str, metadata: Mapping[str, str]):
    """The span of one served call, continuing the caller's trace when its metadata carries one."""
    return tracer.start_as_current_span(method.lstrip("/"), context=extract(metadata), kind=SpanKind.SERVER,
                                        attributes=_rpc_attributes(method), record_exception=False,
                                        set_status_on_exception=False)
