"""gRPC aio server bootstrap: interceptors, health, reflection, graceful shutdown on SIGTERM."""
import asyncio
import signal
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.interceptors import (
    DeadlineInterceptor,
    ErrorInterceptor,
    IdentityInterceptor,
    InterceptorChain,
    MetricsInterceptor,
    RequestLoggingInterceptor,
    StandingInterceptor,
    TextInterceptor,
    TracingInterceptor,
)


@dataclass(frozen=True)
class ServiceBinding:
    """One gRPC service to mount: its full name and how to add its servicer."""

    full_name: str
    add: Callable[[grpc.aio.Server], None]


def create_server(
    address: str, bindings: Sequence[ServiceBinding], identity_secret: str, default_deadline: float = 10.0,
    standing: Callable[[Identity], Awaitable[Identity]] | None = None,
) -> tuple[grpc.aio.Server, int, health.aio.HealthServicer]:
    """`standing`: applies the service's copy of what operators decided about the caller (kernel.standings), within
    the call's deadline, before the method runs."""
    server = grpc.aio.server(
        # Outermost first. Metrics see every outcome; tracing comes after the request id is bound (that clears
        # the log context) so that the trace id joins it.
        interceptors=[InterceptorChain([
            MetricsInterceptor(),
            RequestLoggingInterceptor(),
            TracingInterceptor(),
            ErrorInterceptor(),
            TextInterceptor(),
            IdentityInterceptor(identity_secret),
            DeadlineInterceptor(default_deadline),
            *([StandingInterceptor(standing)] if standing is not None else []),
        ])],
        options=[("grpc.so_reuseport", 0)],
    )
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for binding in bindings:
        binding.add(server)
    names = [b.full_name for b in bindings]
    reflection.enable_server_reflection([*names, health.SERVICE_NAME, reflection.SERVICE_NAME], server)
    port = server.add_insecure_port(address)
    if port == 0:
        raise RuntimeError(f"cannot listen on {address}")
    return server, port, health_servicer


async def mark_serving(health_servicer: health.aio.HealthServicer, names: Sequence[str], serving: bool = True) -> None:
    status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
    for name in ["", *names]:
        await health_servicer.set(name, status)


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGTERM (Kubernetes) and SIGINT (Ctrl-C) both ask for a graceful stop."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
