"""InvitationsService as the gateway calls it: its generated stub, typed method by method.

The service keeps invitation lists (whom to invite to an event) and each person's opt-out. gRPC generates no type
stubs for a service's stub class, so the Protocol below gives each rpc of
protos/eventcenter/invitations/v1/invitations_service.proto its request and reply types
(tests/unit/test_gateway_clients.py holds it to the .proto); what a route calls is the generated
InvitationsServiceStub itself, on the caller's channel (calls.py)."""
from typing import Protocol, cast

from eventcenter.invitations.v1 import invitations_service_pb2 as api
from eventcenter.invitations.v1.invitations_service_pb2_grpc import InvitationsServiceStub
from eventcenter.services.gateway.clients.calls import CallerChannel


class InvitationsService(Protocol):
    async def CreateInvitationList(self, request: api.CreateInvitationListRequest,
                                   timeout: float | None = None) -> api.InvitationList: ...
    async def GetInvitationList(self, request: api.GetInvitationListRequest,
                                timeout: float | None = None) -> api.InvitationList: ...
    async def ListInvitationLists(self, request: api.ListInvitationListsRequest,
                                  timeout: float | None = None) -> api.ListInvitationListsResponse: ...
    async def GetInvitationOptOut(self, request: api.GetInvitationOptOutRequest,
                                  timeout: float | None = None) -> api.InvitationOptOut: ...
    async def SetInvitationOptOut(self, request: api.SetInvitationOptOutRequest,
                                  timeout: float | None = None) -> api.InvitationOptOut: ...


def invitations_stub(channel: CallerChannel) -> InvitationsService:
    return cast(InvitationsService, InvitationsServiceStub(channel))
