"""CollaborationService as the gateway calls it: its generated stub, typed method by method.

The service keeps the Collaboration List: events across wikis, and communities. gRPC generates no type stubs for a
service's stub class, so the Protocol below gives each rpc of
protos/eventcenter/collaboration/v1/collaboration_service.proto its request and reply types
(tests/unit/test_gateway_clients.py holds it to the .proto); what a route calls is the generated
CollaborationServiceStub itself, on the caller's channel (calls.py)."""
from typing import Protocol, cast

from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.collaboration.v1.collaboration_service_pb2_grpc import CollaborationServiceStub
from eventcenter.services.gateway.clients.calls import CallerChannel


class CollaborationService(Protocol):
    async def ListEvents(self, request: api.ListEventsRequest,
                         timeout: float | None = None) -> api.ListEventsResponse: ...
    async def ListCommunities(self, request: api.ListCommunitiesRequest,
                              timeout: float | None = None) -> api.ListCommunitiesResponse: ...


def collaboration_stub(channel: CallerChannel) -> CollaborationService:
    return cast(CollaborationService, CollaborationServiceStub(channel))
