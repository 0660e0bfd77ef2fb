"""ContributionsService as the gateway calls it: its generated stub, typed method by method.

The service keeps edits associated with events, metrics, goals, worklists and Dashboard links. gRPC generates no
type stubs for a service's stub class, so the Protocol below gives each rpc of
protos/eventcenter/contributions/v1/contributions_service.proto its request and reply types
(tests/unit/test_gateway_clients.py holds it to the .proto); what a route calls is the generated
ContributionsServiceStub itself, on the caller's channel (calls.py)."""
from typing import Protocol, cast

from eventcenter.contributions.v1 import contributions_service_pb2 as api
from eventcenter.contributions.v1.contributions_service_pb2_grpc import ContributionsServiceStub
from eventcenter.services.gateway.clients.calls import CallerChannel


class ContributionsService(Protocol):
    async def AssociateEdit(self, request: api.AssociateEditRequest,
                            timeout: float | None = None) -> api.Contribution: ...
    async def ListContributions(self, request: api.ListContributionsRequest,
                                timeout: float | None = None) -> api.ListContributionsResponse: ...
    async def GetEventMetrics(self, request: api.GetEventMetricsRequest,
                              timeout: float | None = None) -> api.EventMetrics: ...
    async def GetMetrics(self, request: api.GetMetricsRequest, timeout: float | None = None) -> api.Metrics: ...
    async def SetEventGoal(self, request: api.SetEventGoalRequest, timeout: float | None = None) -> api.EventGoal: ...
    async def LinkDashboardCourse(self, request: api.LinkDashboardCourseRequest,
                                  timeout: float | None = None) -> api.DashboardLink: ...
    async def UnlinkDashboardCourse(self, request: api.UnlinkDashboardCourseRequest,
                                    timeout: float | None = None) -> api.UnlinkDashboardCourseResponse: ...
    async def GetDashboardLink(self, request: api.GetDashboardLinkRequest,
                               timeout: float | None = None) -> api.DashboardLink: ...
    async def SetWorklist(self, request: api.SetWorklistRequest, timeout: float | None = None) -> api.Worklist: ...
    async def GetWorklist(self, request: api.GetWorklistRequest, timeout: float | None = None) -> api.Worklist: ...


def contributions_stub(channel: CallerChannel) -> ContributionsService:
    return cast(ContributionsService, ContributionsServiceStub(channel))
