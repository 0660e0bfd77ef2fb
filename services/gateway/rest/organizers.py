"""Routes on organizers: the list (11 a page, keyset by organizer id) and full replacement."""
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.errors import answered_as
from eventcenter.services.gateway.rest import revisions
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.gateway.rest.participants import user_page

router = APIRouter(tags=["organizers"])
PAGE = 11
ROLES = {pb.ORGANIZER_ROLE_CREATOR: "creator", pb.ORGANIZER_ROLE_ORGANIZER: "organizer"}


class OrganizersBody(BaseModel):
    organizer_usernames: list[str] = Field(max_length=50)
    token: str | None = None


@router.get("/event_registration/{event_id}/organizers", responses=revisions.READ)
async def list_organizers(event_id: int, response: Response, last_organizer_id: int = 0,
                          ctx: CallContext = Context) -> list[dict]:
    """The ETag is the event's revision (the organizers are part of the event), the same on every page."""
    found = await ctx.registration.ListOrganizers(api.ListOrganizersRequest(event_id=event_id))
    response.headers["etag"] = revisions.etag(found.revision)
    # An organizer's id here is their user id: stable, and unique within the event.
    rows = sorted((o for o in found.organizers if o.user_id > last_organizer_id), key=lambda o: o.user_id)[:PAGE]
    return [{"organizer_id": o.user_id, "user_id": o.user_id, "user_name": o.user_name, "roles": [ROLES[o.role]],
             "user_page": user_page(o.user_name)} for o in rows]


@router.put("/event_registration/{event_id}/organizers", status_code=204, responses=revisions.CONDITIONAL)
async def set_organizers(event_id: int, body: OrganizersBody, request: Request,
                         if_match: str | None = revisions.IF_MATCH, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)
    if not body.organizer_usernames:
        raise ctx.error(400, "campaignevents-rest-set-organizers-empty-list")
    denied = (403, "campaignevents-edit-not-allowed-registration")  # as editing the event answers
    with answered_as(ctx.language, EVENT_DELETED=(400, "campaignevents-edit-registration-deleted"),
                     NOT_AN_ORGANIZER=denied, ORGANIZER_RIGHT_REQUIRED=denied):
        async def current() -> int:
            return (await ctx.registration.ListOrganizers(api.ListOrganizersRequest(event_id=event_id))).revision

        await ctx.registration.SetOrganizers(api.SetOrganizersRequest(
            event_id=event_id, organizer_usernames=body.organizer_usernames,
            expected_revision=await revisions.expected_revision(ctx, if_match, current)))
    return Response(status_code=204)
