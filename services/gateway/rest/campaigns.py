"""Routes on campaigns and programs (the Dashboard's hierarchy): public reads, coordinators' writes."""
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway import rollups
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.rest import revisions
from eventcenter.services.gateway.rest.contributions import METRICS
from eventcenter.services.gateway.rest.csrf import check_csrf

router = APIRouter(tags=["campaigns"])
MAX_TOKEN = 2000


class PlanBody(BaseModel):
    """A campaign or a program. On update, leaving out coordinator_usernames keeps the coordinators."""
    name: str = Field(max_length=1000)
    description: str = Field(default="", max_length=20_000)
    start_date: str = Field(max_length=32)
    end_date: str = Field(max_length=32)
    coordinator_usernames: list[str] = Field(default_factory=list, max_length=50)
    token: str | None = None


class EventProgramBody(BaseModel):
    """program_id 0 takes the event out of its program."""
    program_id: int = Field(ge=0)
    token: str | None = None


def _plan(body: PlanBody, message_type, plan_id: int = 0):
    return message_type(id=plan_id, name=body.name, description=body.description, start_date=body.start_date,
                        end_date=body.end_date, coordinator_usernames=body.coordinator_usernames)


def _coordinators(found) -> list[dict]:
    return [{"user_id": c.user_id, "user_name": c.user_name} for c in found.coordinators]


def campaign_json(found: pb.Campaign) -> dict:
    return {"id": found.id, "name": found.name, "description": found.description, "start_date": found.start_date,
            "end_date": found.end_date, "coordinators": _coordinators(found), "program_count": found.program_count,
            "create_time": found.create_time.ToJsonString(), "update_time": found.update_time.ToJsonString()}


def program_json(found: pb.Program) -> dict:
    return {"id": found.id, "campaign_id": found.campaign_id, "name": found.name, "description": found.description,
            "start_date": found.start_date, "end_date": found.end_date, "coordinators": _coordinators(found),
            "event_count": found.event_count, "create_time": found.create_time.ToJsonString(),
            "update_time": found.update_time.ToJsonString()}


def event_json(event: pb.Event) -> dict:
    return {"event_id": event.id, "event_name": event.name, "event_page": event.page.title, "wiki": event.page.wiki,
            "start_time": event.start_time.ToJsonString(), "end_time": event.end_time.ToJsonString(),
            "timezone": event.timezone, "ended": event.ended}


@router.get("/campaigns")
async def list_campaigns(page_size: int = Query(default=0, ge=0, le=50), page_token: str = "",
                         ctx: CallContext = Context) -> dict:
    found = await ctx.registration.ListCampaigns(api.ListCampaignsRequest(
        page_size=page_size, page_token=page_token[:MAX_TOKEN]))
    return {"campaigns": [campaign_json(c) for c in found.campaigns], "next_page_token": found.next_page_token}


@router.get("/campaigns/{campaign_id}", name="get_campaign", responses=revisions.READ)
async def get_campaign(campaign_id: int, response: Response, page_token: str = "", ctx: CallContext = Context) -> dict:
    """The campaign with a page of its programs (oldest first); the ETag is the campaign's own revision."""
    found = await ctx.registration.GetCampaign(api.GetCampaignRequest(campaign_id=campaign_id))
    response.headers["etag"] = revisions.etag(found.revision)
    programs = await ctx.registration.ListPrograms(api.ListProgramsRequest(
        campaign_id=campaign_id, page_token=page_token[:MAX_TOKEN]))
    return {**campaign_json(found), "programs": [program_json(p) for p in programs.programs],
            "next_page_token": programs.next_page_token}


@router.post("/campaigns", status_code=201)
async def create_campaign(body: PlanBody, request: Request, response: Response, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)
    created = await ctx.registration.CreateCampaign(api.CreateCampaignRequest(campaign=_plan(body, pb.Campaign)))
    response.headers["location"] = str(request.url_for("get_campaign", campaign_id=created.id))
    return {"id": created.id}


@router.put("/campaigns/{campaign_id}", status_code=204, responses=revisions.CONDITIONAL)
async def update_campaign(campaign_id: int, body: PlanBody, request: Request,
                          if_match: str | None = revisions.IF_MATCH, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)

    async def current() -> int:
        return (await ctx.registration.GetCampaign(api.GetCampaignRequest(campaign_id=campaign_id))).revision

    await ctx.registration.UpdateCampaign(api.UpdateCampaignRequest(
        campaign=_plan(body, pb.Campaign, campaign_id),
        expected_revision=await revisions.expected_revision(ctx, if_match, current)))
    return Response(status_code=204)


@router.post("/campaigns/{campaign_id}/programs", status_code=201)
async def create_program(campaign_id: int, body: PlanBody, request: Request, response: Response,
                         ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)
    created = await ctx.registration.CreateProgram(api.CreateProgramRequest(
        campaign_id=campaign_id, program=_plan(body, pb.Program)))
    response.headers["location"] = str(request.url_for("get_program", program_id=created.id))
    return {"id": created.id}


@router.get("/programs/{program_id}", name="get_program", responses=revisions.READ)
async def get_program(program_id: int, response: Response, page_token: str = "", ctx: CallContext = Context) -> dict:
    """The program with a page of its events (oldest first; no links, no passcodes); the ETag is the program's own
    revision."""
    found = await ctx.registration.GetProgram(api.GetProgramRequest(program_id=program_id))
    response.headers["etag"] = revisions.etag(found.revision)
    events = await ctx.registration.ListProgramEvents(api.ListProgramEventsRequest(
        program_id=program_id, page_token=page_token[:MAX_TOKEN]))
    return {**program_json(found), "events": [event_json(e) for e in events.events],
            "next_page_token": events.next_page_token}


def rollup_json(found) -> dict:
    return {name: getattr(found, name) for name in METRICS}


@router.get("/programs/{program_id}/metrics")
async def get_program_metrics(program_id: int, ctx: CallContext = Context) -> dict:
    """The metrics of all the program's events together: counts summed, each person counted once."""
    return {"program_id": program_id, **rollup_json(await rollups.program_metrics(ctx, program_id))}


@router.get("/campaigns/{campaign_id}/metrics")
async def get_campaign_metrics(campaign_id: int, ctx: CallContext = Context) -> dict:
    """The metrics of all the events of the campaign's programs together: counts summed, each person counted once."""
    return {"campaign_id": campaign_id, **rollup_json(await rollups.campaign_metrics(ctx, campaign_id))}


@router.put("/programs/{program_id}", status_code=204, responses=revisions.CONDITIONAL)
async def update_program(program_id: int, body: PlanBody, request: Request,
                         if_match: str | None = revisions.IF_MATCH, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)

    async def current() -> int:
        return (await ctx.registration.GetProgram(api.GetProgramRequest(program_id=program_id))).revision

    await ctx.registration.UpdateProgram(api.UpdateProgramRequest(
        program=_plan(body, pb.Program, program_id),
        expected_revision=await revisions.expected_revision(ctx, if_match, current)))
    return Response(status_code=204)


@router.put("/event/{event_id}/program", status_code=204)
async def set_event_program(event_id: int, body: EventProgramBody, request: Request, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)
    await ctx.registration.SetEventProgram(api.SetEventProgramRequest(event_id=event_id, program_id=body.program_id))
    return Response(status_code=204)
