"""Campaigns and programs as pages: browse them (/campaigns, /campaigns/{id}, /programs/{id}) without signing in,
simple forms for coordinators to create a campaign (/campaigns/new) and a program (/campaigns/{id}/programs/new),
and on a program's page to put events into it and take them out (/programs/{id}/events, .../events/remove)."""
import datetime
import re
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway import rollups
from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.formatting import date_only
from eventcenter.services.gateway.rest.contributions import METRICS
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web.forms import Problems, posted
from eventcenter.services.gateway.web.reader import may_organize_events, require_organizer_standing
from eventcenter.services.gateway.web.render import isolated, page, redirect
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER

router = APIRouter()
MAX_TOKEN = 2000
FIELDS = ("name", "description", "start_date", "end_date", "coordinators")
MAX_EVENT_ID = 2**63 - 1
# An event's page on this site, as copied from the address bar: "https://…/event/42", "/event/42/edit".
EVENT_ADDRESS = re.compile(r"(?:^|/)event/(\d{1,19})(?:[/?#.]|$)")


def _sign_in(path: str):
    return redirect("/auth/login?" + urlencode({"returnto": path}))


def _dates(found, language: str) -> str:
    start, end = (date_only(datetime.date.fromisoformat(d), language) for d in (found.start_date, found.end_date))
    return translate("web-plan-dates", language, start=start, end=end)


def _coordinates(ctx: CallContext, *plans) -> bool:
    ids = {c.user_id for plan in plans for c in plan.coordinators}
    return ctx.reader.has(RIGHT_ADMIN) or (ctx.reader.has(RIGHT_ORGANIZER) and ctx.reader.user_id in ids)


def _may_add_events(ctx: CallContext, program: pb.Program, campaign: pb.Campaign) -> bool:
    """Offered the program's event forms: as registration decides who puts events in (a coordinator of the program
    or of its campaign with the organizer right, or an admin), never someone blocked."""
    return _coordinates(ctx, program, campaign) and not ctx.reader.blocked


def event_id_of(typed: str) -> int | None:
    """The event someone named: its number ("42", "#42") or the address of its page here; None for anything else."""
    typed = typed.strip()
    number = typed.removeprefix("#").strip()
    if not number.isdecimal():
        found = EVENT_ADDRESS.search(typed)
        number = found.group(1) if found else ""
    if not number.isdecimal() or len(number) > 19:
        return None
    event_id = int(number)
    return event_id if 0 < event_id <= MAX_EVENT_ID else None


def _require_coordinator(ctx: CallContext, campaign: pb.Campaign) -> None:
    """The program form for someone who may not add one: said up front, not after they filled it in."""
    if not ctx.reader.has(RIGHT_ADMIN):
        require_organizer_standing(ctx)
    if not _coordinates(ctx, campaign):
        raise ctx.error(403, "web-campaign-coordinators-only")


def _values(form=None) -> dict:
    form = form or {}
    return {name: str(form.get(name, ""))[:20_000] for name in FIELDS}


def _plan(values: dict, message_type):
    names = [n.strip() for n in values["coordinators"].replace(",", "\n").splitlines() if n.strip()]
    return message_type(name=values["name"], description=values["description"], start_date=values["start_date"],
                        end_date=values["end_date"], coordinator_usernames=names)


def _problems(error: ApiError, language: str) -> Problems:
    """Service fields ("campaign.start_date") beside the form's fields ("start_date")."""
    problems = Problems.from_error(error, language)
    fields = {}
    for name, text in problems.fields.items():
        short = name.split(".", 1)[-1].replace("coordinator_usernames", "coordinators")
        fields.setdefault(short, text)
    return Problems(problems.summary, fields)


async def _metrics(fetch) -> list[tuple[str, int]] | None:
    """The metrics table's rows; None (no table) when contributions refuses (more events than it counts at once)."""
    try:
        found = await fetch
    except ApiError as error:
        if error.status >= 500:
            raise
        return None
    return [(name, getattr(found, name)) for name in METRICS]


def _form(request: Request, kind: str, action: str, values: dict, campaign=None, problems=None, status=200):
    title_key = "web-campaign-new" if kind == "campaign" else "web-program-new"
    return page(request, "plan_form.html", status=status, title_key=title_key, action=action, values=values,
                campaign=campaign, problems=problems or Problems())


@router.get("/campaigns")
async def campaigns(request: Request, page_token: str = ""):
    ctx = call_context(request)
    found = await ctx.registration.ListCampaigns(api.ListCampaignsRequest(page_token=page_token[:MAX_TOKEN]))
    rows = [{"campaign": c, "dates": _dates(c, ctx.language)} for c in found.campaigns]
    return page(request, "campaigns.html", rows=rows, next_page_token=found.next_page_token,
                may_create=may_organize_events(ctx.reader))


@router.get("/campaigns/new")
async def new_campaign_form(request: Request):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return _sign_in("/campaigns/new")
    require_organizer_standing(ctx)
    return _form(request, "campaign", "/campaigns/new", _values())


@router.post("/campaigns/new")
async def create_campaign(request: Request):
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return _sign_in("/campaigns/new")
    values = _values(form)
    try:
        created = await ctx.registration.CreateCampaign(
            api.CreateCampaignRequest(campaign=_plan(values, pb.Campaign))
        )
    except ApiError as error:
        if error.status >= 500:
            raise
        return _form(
            request, "campaign", "/campaigns/new", values, problems=_problems(error, ctx.language), status=error.status
        )
    return redirect(f"/campaigns/{created.id}")


@router.get("/campaigns/{campaign_id}")
async def campaign_page(campaign_id: int, request: Request, page_token: str = ""):
    ctx = call_context(request)
    found = await ctx.registration.GetCampaign(api.GetCampaignRequest(campaign_id=campaign_id))
    programs = await ctx.registration.ListPrograms(api.ListProgramsRequest(
        campaign_id=campaign_id, page_token=page_token[:MAX_TOKEN]))
    rows = [{"program": p, "dates": _dates(p, ctx.language)} for p in programs.programs]
    metrics = await _metrics(rollups.campaign_metrics(ctx, campaign_id))
    return page(request, "campaign.html", campaign=found, dates=_dates(found, ctx.language), rows=rows,
                next_page_token=programs.next_page_token, may_add=_coordinates(ctx, found), metrics=metrics,
                downloads=f"/campaigns/{campaign_id}")


@router.get("/campaigns/{campaign_id}/programs/new")
async def new_program_form(campaign_id: int, request: Request):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return _sign_in(f"/campaigns/{campaign_id}/programs/new")
    found = await ctx.registration.GetCampaign(api.GetCampaignRequest(campaign_id=campaign_id))
    _require_coordinator(ctx, found)
    return _form(request, "program", f"/campaigns/{campaign_id}/programs/new", _values(), campaign=found)


@router.post("/campaigns/{campaign_id}/programs/new")
async def create_program(campaign_id: int, request: Request):
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return _sign_in(f"/campaigns/{campaign_id}/programs/new")
    values = _values(form)
    found = await ctx.registration.GetCampaign(api.GetCampaignRequest(campaign_id=campaign_id))
    try:
        created = await ctx.registration.CreateProgram(api.CreateProgramRequest(
            campaign_id=campaign_id, program=_plan(values, pb.Program)))
    except ApiError as error:
        if error.status >= 500:
            raise
        return _form(request, "program", f"/campaigns/{campaign_id}/programs/new", values, campaign=found,
                     problems=_problems(error, ctx.language), status=error.status)
    return redirect(f"/programs/{created.id}")


async def _program_context(ctx: CallContext, program_id: int, page_token: str = "") -> dict:
    found = await ctx.registration.GetProgram(api.GetProgramRequest(program_id=program_id))
    campaign = await ctx.registration.GetCampaign(api.GetCampaignRequest(campaign_id=found.campaign_id))
    events = await ctx.registration.ListProgramEvents(api.ListProgramEventsRequest(
        program_id=program_id, page_token=page_token[:MAX_TOKEN]))
    rows = [{"event": e, "dates": date_only(e.start_time.ToDatetime(), ctx.language)} for e in events.events]
    metrics = await _metrics(rollups.program_metrics(ctx, program_id))
    return {"program": found, "campaign": campaign, "dates": _dates(found, ctx.language), "rows": rows,
            "next_page_token": events.next_page_token, "metrics": metrics, "downloads": f"/programs/{program_id}",
            "may_add_events": _may_add_events(ctx, found, campaign)}


@router.get("/programs/{program_id}")
async def program_page(program_id: int, request: Request, page_token: str = ""):
    ctx = call_context(request)
    return page(request, "program.html", **await _program_context(ctx, program_id, page_token),
                problems=Problems(), typed_event="")


async def _refused_on_program(request: Request, ctx: CallContext, program_id: int, error: ApiError, typed: str = ""):
    """The program page again, with the refusal above its event forms and the event as it was typed."""
    if error.status >= 500:
        raise error
    return page(request, "program.html", status=error.status, **await _program_context(ctx, program_id),
                problems=Problems.from_error(error, ctx.language), typed_event=typed)


async def _event_named(ctx: CallContext, event_id: int) -> pb.Event:
    """The event, or a refusal that names the number asked for (none, or deleted)."""
    try:
        return await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    except ApiError as error:
        if error.reason == "EVENT_NOT_FOUND":
            raise ctx.error(404, "web-program-event-unknown", event_id=event_id) from None
        if error.reason == "EVENT_DELETED":
            raise ctx.error(404, "web-program-event-deleted", event_id=event_id) from None
        raise


@router.post("/programs/{program_id}/events")
async def add_program_event(program_id: int, request: Request):
    """Puts an event into the program. One that is in another program is not moved from here: its page there says
    so, and whoever may take it out does that first."""
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return _sign_in(f"/programs/{program_id}")
    typed = str(form.get("event", "")).strip()[:2000]
    try:
        event_id = event_id_of(typed)
        if event_id is None:
            raise ctx.error(400, "web-program-event-bad-id" if typed else "web-program-event-missing")
        event = await _event_named(ctx, event_id)
        if event.program_id == program_id:
            sessions.flash(request, "web-flash-program-event-already", event=isolated(event.name))
            return redirect(f"/programs/{program_id}")
        if event.test_event:
            raise ctx.error(400, "web-program-event-test", event=isolated(event.name))
        if event.program_id:
            other = await ctx.registration.GetProgram(api.GetProgramRequest(program_id=event.program_id))
            raise ctx.error(409, "web-program-event-elsewhere", event=isolated(event.name),
                            program=isolated(other.name))
        await ctx.registration.SetEventProgram(api.SetEventProgramRequest(event_id=event_id,
                                                                          program_id=program_id))
    except ApiError as error:
        return await _refused_on_program(request, ctx, program_id, error, typed)
    sessions.flash(request, "web-flash-program-event-added", event=isolated(event.name))
    return redirect(f"/programs/{program_id}")


@router.post("/programs/{program_id}/events/remove")
async def remove_program_event(program_id: int, request: Request):
    """Takes an event out of the program (not out of another one it was moved to since the page was shown)."""
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return _sign_in(f"/programs/{program_id}")
    try:
        event_id = event_id_of(str(form.get("event_id", ""))[:100])
        if event_id is None:
            raise ctx.error(400, "web-program-event-missing")
        event = await _event_named(ctx, event_id)
        if event.program_id != program_id:
            sessions.flash(request, "web-flash-program-event-not-in", event=isolated(event.name))
            return redirect(f"/programs/{program_id}")
        await ctx.registration.SetEventProgram(api.SetEventProgramRequest(event_id=event_id, program_id=0))
    except ApiError as error:
        return await _refused_on_program(request, ctx, program_id, error)
    sessions.flash(request, "web-flash-program-event-removed", event=isolated(event.name))
    return redirect(f"/programs/{program_id}")
