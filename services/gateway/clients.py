"""gRPC clients of the services, with a deadline, the caller's signed identity, language and request id."""
import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.gateway.errors import from_grpc
from eventcenter.services.kernel.identity import Identity, bearer_metadata, issue_token


class ServiceClients:
    def __init__(self, registration_address: str, identity_secret: str, timeout: float) -> None:
        self.channel = grpc.aio.insecure_channel(registration_address)
        self.registration = registration_service_pb2_grpc.RegistrationServiceStub(self.channel)
        self.identity_secret = identity_secret
        self.timeout = timeout

    async def call(self, method: str, request, identity: Identity, language: str, request_id: str):
        token = issue_token(identity, self.identity_secret, ttl_seconds=60)
        metadata = (*bearer_metadata(token), ("accept-language", language), ("x-request-id", request_id))
        try:
            return await getattr(self.registration, method)(request, metadata=metadata, timeout=self.timeout)
        except grpc.aio.AioRpcError as error:
            raise from_grpc(error) from None

    async def ready(self) -> bool:
        try:
            answer = await health_pb2_grpc.HealthStub(self.channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
            return answer.status == health_pb2.HealthCheckResponse.SERVING
        except grpc.aio.AioRpcError:
            return False

    async def close(self) -> None:
        await self.channel.close()
