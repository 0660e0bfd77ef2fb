"""gRPC servicer of eventcenter.contributions.v1.ContributionsService: maps requests to use cases and their
results to replies."""
from eventcenter.contributions.v1 import contributions_service_pb2 as api
from eventcenter.contributions.v1 import contributions_service_pb2_grpc as api_grpc
from eventcenter.services.contributions.adapters.messages import (
    METRIC_NAMES,
    contribution_message,
    goal_message,
    link_message,
    metric_fields,
    worklist_message,
)
from eventcenter.services.contributions.service_layer import (
    association_cases,
    dashboard_link_cases,
    metric_cases,
    worklist_cases,
)
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.kernel.identity import current_identity
from eventcenter.services.kernel.revisions import expected_of
from eventcenter.services.wiki.worklist import Article


class ContributionsServicer(api_grpc.ContributionsServiceServicer):
    def __init__(self, deps: Dependencies) -> None:
        self.deps = deps

    async def _run(self, case, *args):
        """The use case with the caller as the privacy and organizer rules read them (rights, block)."""
        return await case(self.deps, current_identity.get(), *args)

    async def AssociateEdit(self, request, context):
        row = await self._run(association_cases.associate_edit, request.event_id, request.wiki, request.rev_id)
        return contribution_message(row)

    async def ListContributions(self, request, context):
        page = await self._run(association_cases.list_contributions, request.event_id, request.page_size,
                               request.page_token)
        return api.ListContributionsResponse(
            contributions=[contribution_message(row) for row in page.contributions],
            next_page_token=page.next_page_token, hidden_private=page.hidden_private)

    async def GetEventMetrics(self, request, context):
        counted, goal = await metric_cases.event_metrics(self.deps, request.event_id)
        return api.EventMetrics(event_id=request.event_id, goal=goal_message(request.event_id, goal),
                                **metric_fields(counted))

    async def GetMetrics(self, request, context):
        counted = await metric_cases.events_metrics(self.deps, list(request.event_ids))
        return api.Metrics(**metric_fields(counted))

    async def SetEventGoal(self, request, context):
        goal = await self._run(metric_cases.set_event_goal, request.event_id, METRIC_NAMES.get(request.metric, ""),
                               request.target, expected_of(request))
        return goal_message(request.event_id, goal)

    async def LinkDashboardCourse(self, request, context):
        link = await self._run(dashboard_link_cases.link_dashboard_course, request.event_id, request.dashboard_url,
                               request.course_slug, request.secret)
        return link_message(link)

    async def UnlinkDashboardCourse(self, request, context):
        await self._run(dashboard_link_cases.unlink_dashboard_course, request.event_id)
        return api.UnlinkDashboardCourseResponse()

    async def GetDashboardLink(self, request, context):
        return link_message(await self._run(dashboard_link_cases.dashboard_link, request.event_id))

    async def SetWorklist(self, request, context):
        asked = [Article(a.wiki.strip(), a.title.strip()) for a in request.articles]
        worklist = await self._run(worklist_cases.set_worklist, request.event_id, asked, request.gather,
                                   expected_of(request))
        return worklist_message(worklist)

    async def GetWorklist(self, request, context):
        return worklist_message(await worklist_cases.get_worklist(self.deps, request.event_id))
