"""Prometheus metrics of a process: RPC and HTTP counters, and gauges that probes read when /metrics is scraped."""
import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import prometheus_client
from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
prometheus_client.disable_created_metrics()  # `*_created` series double every counter for no alert of ours

# Latencies from a cached read (milliseconds) to a call at its deadline (10 s by default).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
RPC_HANDLED = Counter("eventcenter_grpc_server_handled", "gRPC calls served, by method and status code.",
                      ["grpc_service", "grpc_method", "grpc_code"])
RPC_SECONDS = Histogram("eventcenter_grpc_server_handling_seconds", "Time to serve a gRPC call.",
                        ["grpc_service", "grpc_method", "grpc_code"], buckets=LATENCY_BUCKETS)
HTTP_REQUESTS = Counter("eventcenter_http_requests", "HTTP requests the gateway answered, by route and status.",
                        ["method", "route", "status"])
HTTP_SECONDS = Histogram("eventcenter_http_request_duration_seconds", "Time for the gateway to answer a request.",
                         ["method", "route"], buckets=LATENCY_BUCKETS)

# Gauges read on scrape by probes: name -> help. Only these names may be reported.
GAUGES = {
    "eventcenter_outbox_backlog": "Outbox rows not yet published to the stream.",
    "eventcenter_outbox_oldest_age_seconds": "Age of the oldest unpublished outbox row (0 when none).",
    "eventcenter_consumer_lag_messages": "Stream messages a durable consumer has not yet been given (num_pending).",
    "eventcenter_consumer_ack_pending_messages": "Messages a durable consumer was given and has not acknowledged.",
    "eventcenter_notification_deliveries": "Mail deliveries by state (pending, sending, sent, dead).",
    "eventcenter_invitation_jobs": "Invitation list jobs queued (waiting) or held by a worker (running).",
    "eventcenter_metrics_probe_up": "1 when the probe answered at the last scrape, 0 when it failed or timed out.",
}
PROBE_TIMEOUT_SECONDS = 5.0

Sample = tuple[str, dict[str, str], float]
ProbeRead = Callable[[], Awaitable[Iterable[Sample]]]


@dataclass(eq=False)
class Probe:
    name: str
    read: ProbeRead


# Every running part of this process (one service, or all of them in the dev stack) adds its probes here.
_probes: list[Probe] = []


def add_probe(name: str, read: ProbeRead) -> Probe:
    probe = Probe(name, read)
    _probes.append(probe)
    return probe


def remove_probe(probe: Probe) -> None:
    if probe in _probes:
        _probes.remove(probe)


async def _read(probe: Probe) -> list[Sample]:
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_SECONDS):
            samples = list(await probe.read())
        up = 1.0
    except Exception as error:  # a database or NATS away must not break the whole scrape
        log.warning("metrics_probe_failed", probe=probe.name, error=repr(error))
        samples, up = [], 0.0
    return [*samples, ("eventcenter_metrics_probe_up", {"probe": probe.name}, up)]


class ProbeCollector:
    """Yields what the probes read at the last refresh(), one family per gauge name."""

    def __init__(self) -> None:
        self.samples: list[Sample] = []

    async def refresh(self) -> None:
        self.samples = [s for found in await asyncio.gather(*(_read(p) for p in list(_probes))) for s in found]

    def collect(self):
        families = {}
        for name, labels, value in self.samples:
            if name not in GAUGES:
                continue
            family = families.setdefault(name, {})
            # Two instances of one service in a process (tests) report the same series: keep one.
            family[tuple(sorted(labels.items()))] = value
        for name, series in families.items():
            keys = sorted({k for labels in series for k, _ in labels})
            gauge = GaugeMetricFamily(name, GAUGES[name], labels=keys)
            for labels, value in series.items():
                found = dict(labels)
                gauge.add_metric([found.get(k, "") for k in keys], value)
            yield gauge


PROBES = ProbeCollector()
REGISTRY.register(PROBES)


async def render() -> bytes:
    """The text exposition of this process's registry, with the probes read just now."""
    await PROBES.refresh()
    return prometheus_client.generate_latest(REGISTRY)

