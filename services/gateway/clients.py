"""gRPC clients of the services, with a deadline, the caller's signed identity, language and request id."""
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from eventcenter.collaboration.v1 import collaboration_service_pb2_grpc
from eventcenter.contributions.v1 import contributions_service_pb2_grpc
from eventcenter.invitations.v1 import invitations_service_pb2_grpc
from eventcenter.notifications.v1 import notifications_service_pb2_grpc
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.gateway.errors import from_grpc
from eventcenter.services.kernel.identity import Identity, bearer_metadata, issue_token
from eventcenter.services.kernel.tracing import client_span, mark_grpc_outcome

STUBS = {
    "registration": registration_service_pb2_grpc.RegistrationServiceStub,
    "collaboration": collaboration_service_pb2_grpc.CollaborationServiceStub,
    "notifications": notifications_service_pb2_grpc.NotificationsServiceStub,
    "invitations": invitations_service_pb2_grpc.InvitationsServiceStub,
    "contributions": contributions_service_pb2_grpc.ContributionsServiceStub,
}
# Full gRPC service names, for the client spans: "RegistrationServiceStub" names eventcenter.registration.v1's.
SERVICE_NAMES = {name: f"eventcenter.{name}.v1.{stub.__name__.removesuffix('Stub')}" for name, stub in STUBS.items()}
# Services the gateway works without (pages leave out what they add): readiness does not wait for them.
OPTIONAL = frozenset({"notifications", "invitations", "contributions"})
# A caller's identity token is signed once and reused for half its life (most pages make several calls).
TOKEN_TTL_SECONDS, TOKEN_REUSE_SECONDS, TOKENS_KEPT = 60, 30, 10_000


class IdentityTokens:
    """Signed identity tokens by identity, each reused until half its time to live has passed."""

    def __init__(self, secret: str, now=time.monotonic) -> None:
        self.secret, self.now = secret, now
        self.kept: dict[Identity, tuple[float, str]] = {}

    def token(self, identity: Identity) -> str:
        now = self.now()
        found = self.kept.get(identity)
        if found is not None and now - found[0] < TOKEN_REUSE_SECONDS:
            return found[1]
        if len(self.kept) >= TOKENS_KEPT:
            self.kept.clear()  # simpler than an LRU, and rare: only more distinct callers than this in 30 s
        token = issue_token(identity, self.secret, ttl_seconds=TOKEN_TTL_SECONDS)
        self.kept[identity] = (now, token)
        return token


class ServiceClients:
    def __init__(self, addresses: dict[str, str], identity_secret: str, timeout: float) -> None:
        self.channels = {name: grpc.aio.insecure_channel(address) for name, address in addresses.items()}
        self.stubs = {name: STUBS[name](channel) for name, channel in self.channels.items()}
        self.tokens = IdentityTokens(identity_secret)
        self.timeout = timeout

    async def call(self, service: str, method: str, request, identity: Identity, language: str, request_id: str,
                   timeout: float | None = None):
        metadata = (
            *bearer_metadata(self.tokens.token(identity)),
            ("accept-language", language),
            ("x-request-id", request_id),
        )
        # Each call continues the HTTP request's trace in the service (a span made here, not by a channel
        # interceptor: grpc wraps every intercepted call in a task of its own).
        with client_span(f"/{SERVICE_NAMES[service]}/{method}") as (span, carried):
            try:
                answer = await getattr(self.stubs[service], method)(request, metadata=(*metadata, *carried),
                                                                    timeout=timeout or self.timeout)
            except grpc.aio.AioRpcError as error:
                mark_grpc_outcome(span, error.code(), server=False)
                raise from_grpc(error, language) from None
            mark_grpc_outcome(span, grpc.StatusCode.OK, server=False)
            return answer

    async def ready(self) -> dict[str, bool]:
        """Each required service's health, as its health service reports it."""
        states = {}
        for name, channel in self.channels.items():
            if name in OPTIONAL:
                continue
            try:
                answer = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
                states[name] = answer.status == health_pb2.HealthCheckResponse.SERVING
            except grpc.aio.AioRpcError:
                states[name] = False
        return states

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()
