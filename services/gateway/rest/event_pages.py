"""POST /event_registration/{id}/free_page: an admin frees the page of a deleted event, so that a new event may
use it. Event Center's own route: in CampaignEvents a deleted event keeps its page for ever."""
from fastapi import APIRouter, Request

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.gateway.rest.event_payloads import TokenBody

router = APIRouter(tags=["event registrations"])


def release_body(release: api.PageRelease) -> dict:
    return {"event_id": release.event_id, "wiki": release.page.wiki, "event_page": release.page.title,
            "freed_by": {"user_id": release.admin_user_id, "user_name": release.admin_name},
            "free_time": release.free_time.ToJsonString()}


@router.post("/event_registration/{event_id}/free_page")
async def free_page(event_id: int, request: Request, body: TokenBody | None = None, ctx: CallContext = Context):
    """200 with who freed the page and when (the first time, when it was freed before); 400 for an event that
    is not deleted; 403 for anyone but an admin who is not blocked."""
    check_csrf(request, body.token if body else None, ctx.language)
    return release_body(await ctx.registration.FreeEventPage(api.FreeEventPageRequest(event_id=event_id)))
