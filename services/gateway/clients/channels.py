"""The gateway's one channel to each service, for every request's calls; readiness; closing."""
import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from eventcenter.services.gateway.clients.calls import Caller, CallerChannel, ServiceCalls
from eventcenter.services.gateway.clients.tokens import IdentityTokens

# Services the gateway works without (pages leave out what they add): readiness does not wait for them.
OPTIONAL = frozenset({"notifications", "invitations", "contributions"})


class ServiceChannels:
    def __init__(self, addresses: dict[str, str], identity_secret: str, timeout: float) -> None:
        tokens = IdentityTokens(identity_secret)
        self.services = {name: ServiceCalls(grpc.aio.insecure_channel(address), tokens, timeout)
                         for name, address in addresses.items()}

    def as_caller(self, service: str, caller: Caller) -> CallerChannel:
        """A channel for the service's generated stub, whose calls are made as `caller`."""
        return self.services[service].as_caller(caller)

    async def ready(self) -> dict[str, bool]:
        """Each required service's health, as its health service reports it."""
        states = {}
        for name, calls in self.services.items():
            if name in OPTIONAL:
                continue
            try:
                answer = await health_pb2_grpc.HealthStub(calls.channel).Check(health_pb2.HealthCheckRequest(),
                                                                               timeout=1)
                states[name] = answer.status == health_pb2.HealthCheckResponse.SERVING
            except grpc.aio.AioRpcError:
                states[name] = False
        return states

    async def close(self) -> None:
        for calls in self.services.values():
            await calls.channel.close()
