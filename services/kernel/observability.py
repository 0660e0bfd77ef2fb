"""What a service starts for its operators: trace export, its /metrics endpoint and the probes it adds there."""
from dataclasses import dataclass, field

from eventcenter.services.kernel import metrics, metrics_endpoint, tracing


@dataclass
class Observability:
    endpoint: metrics_endpoint.MetricsEndpoint | None
    probes: list[metrics.Probe] = field(default_factory=list)

    @property
    def metrics_port(self) -> int | None:
        return self.endpoint.port if self.endpoint else None

    async def close(self) -> None:
        for probe in self.probes:
            metrics.remove_probe(probe)
        if self.endpoint is not None:
            await metrics_endpoint.close_endpoint(self.endpoint)


async def observe(service: str, metrics_address: str, otlp_endpoint: str,
                  probes: dict[str, metrics.ProbeRead] | None = None) -> Observability:
    """Probes are added even without an endpoint of this service's own: in the dev stack another one serves."""
    tracing.configure(service, otlp_endpoint)
    endpoint = await metrics_endpoint.open_endpoint(metrics_address) if metrics_address else None
    return Observability(endpoint, [metrics.add_probe(name, read) for name, read in (probes or {}).items()])
