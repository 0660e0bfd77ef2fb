"""Routes on event registrations: enable (create), read, full update, delete, and lists by user."""
from fastapi import APIRouter, Request, Response

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.errors import answered_as
from eventcenter.services.gateway.rest import revisions
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.gateway.rest.event_payloads import EventBody, TokenBody, from_event, to_event, with_links

router = APIRouter(tags=["event registrations"])


@router.post("/event_registration", status_code=201)
async def enable_registration(body: EventBody, request: Request, response: Response, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)
    accept = body.questions is None or body.accept_personal_data_policy  # CampaignEvents enables every question
    created = await ctx.registration.CreateEvent(api.CreateEventRequest(
        event=to_event(body, ctx.language), accept_personal_data_policy=accept))
    response.headers["location"] = str(request.url_for("get_registration", event_id=created.id))
    return {"id": created.id}


@router.get("/event_registration/{event_id}", name="get_registration", responses=revisions.READ)
async def get_registration(event_id: int, response: Response, ctx: CallContext = Context) -> dict:
    """The ETag is the event's revision: its fields, questions and organizers (not its participant counts)."""
    event = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    response.headers["etag"] = revisions.etag(event.revision)
    return with_links(from_event(event, ctx.language), event)


@router.put("/event_registration/{event_id}", status_code=204, responses=revisions.CONDITIONAL)
async def update_registration(event_id: int, body: EventBody, request: Request,
                              if_match: str | None = revisions.IF_MATCH, ctx: CallContext = Context):
    """What the body leaves out (passcode, participant_limit, questions, description) stays as it is now."""
    check_csrf(request, body.token, ctx.language)
    if body.status is None:
        raise ctx.error(400, "gateway-error-missing-param", name="status")
    denied = (403, "campaignevents-edit-not-allowed-registration")
    with answered_as(ctx.language, EVENT_DELETED=(400, "campaignevents-edit-registration-deleted"),
                     NOT_AN_ORGANIZER=denied, ORGANIZER_RIGHT_REQUIRED=denied):
        await revisions.edit_event(ctx, event_id, revisions.wanted(if_match), lambda existing: api.UpdateEventRequest(
            event=to_event(body, ctx.language, existing), accept_personal_data_policy=body.accept_personal_data_policy,
            keep_passcode=body.passcode is None))
    return Response(status_code=204)


@router.delete("/event_registration/{event_id}", status_code=204)
async def delete_registration(event_id: int, request: Request, body: TokenBody | None = None,
                              ctx: CallContext = Context):
    check_csrf(request, body.token if body else None, ctx.language)
    with answered_as(ctx.language, EVENT_DELETED=(404, "campaignevents-rest-delete-already-deleted")):
        await ctx.registration.DeleteEvent(api.DeleteEventRequest(event_id=event_id))
    return Response(status_code=204)


def _summaries(events) -> list[dict]:
    """As CampaignEvents lists them: deleted events too, with `event_deleted` (present only when true)."""
    return [{"event_id": e.id, "event_name": e.name, **({"event_deleted": True} if e.HasField("delete_time") else {})}
            for e in events]


@router.get("/organizer/{user_id}/event_registrations")
async def organizer_events(user_id: int, ctx: CallContext = Context) -> list[dict]:
    await ctx.registration.GetUser(api.GetUserRequest(user_id=user_id))
    found = await ctx.registration.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(
        user_id=user_id, include_deleted=True))
    return _summaries(found.events)


@router.get("/participant/{user_id}/event_registrations")
async def participant_events(user_id: int, ctx: CallContext = Context) -> list[dict]:
    await ctx.registration.GetUser(api.GetUserRequest(user_id=user_id))
    found = await ctx.registration.ListEventsByParticipant(api.ListEventsByParticipantRequest(
        user_id=user_id, include_deleted=True))
    return _summaries(found.events)
