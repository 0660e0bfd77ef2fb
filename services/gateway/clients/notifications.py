"""NotificationsService as the gateway calls it: its generated stub, typed method by method.

The service keeps contacts, notification preferences, the inbox and email reach. gRPC generates no type stubs for a
service's stub class, so the Protocol below gives each rpc of
protos/eventcenter/notifications/v1/notifications_service.proto its request and reply types
(tests/unit/test_gateway_clients.py holds it to the .proto); what a route calls is the generated
NotificationsServiceStub itself, on the caller's channel (calls.py)."""
from typing import Protocol, cast

from eventcenter.notifications.v1 import notifications_service_pb2 as api
from eventcenter.notifications.v1.notifications_service_pb2_grpc import NotificationsServiceStub
from eventcenter.services.gateway.clients.calls import CallerChannel


class NotificationsService(Protocol):
    async def GetContact(self, request: api.GetContactRequest, timeout: float | None = None) -> api.Contact: ...
    async def UpdateContact(self, request: api.UpdateContactRequest, timeout: float | None = None) -> api.Contact: ...
    async def GetPreferences(self, request: api.GetPreferencesRequest,
                             timeout: float | None = None) -> api.Preferences: ...
    async def UpdatePreferences(self, request: api.UpdatePreferencesRequest,
                                timeout: float | None = None) -> api.Preferences: ...
    async def ListInboxItems(self, request: api.ListInboxItemsRequest,
                             timeout: float | None = None) -> api.ListInboxItemsResponse: ...
    async def MarkInboxItemsRead(self, request: api.MarkInboxItemsReadRequest,
                                 timeout: float | None = None) -> api.MarkInboxItemsReadResponse: ...
    async def CountReachable(self, request: api.CountReachableRequest,
                             timeout: float | None = None) -> api.CountReachableResponse: ...
    async def ListDeliveries(self, request: api.ListDeliveriesRequest,
                             timeout: float | None = None) -> api.ListDeliveriesResponse: ...


def notifications_stub(channel: CallerChannel) -> NotificationsService:
    return cast(NotificationsService, NotificationsServiceStub(channel))
