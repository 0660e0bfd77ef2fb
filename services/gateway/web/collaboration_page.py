"""The Collaboration list page (/events), its communities tab, and the calendar feeds."""
import datetime
import itertools
from urllib.parse import urlencode

from babel.dates import format_date
from fastapi import APIRouter, Request, Response

from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2 as reg
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts import calendar
from eventcenter.services.contracts.enums import TO_LIST_PARTICIPATION
from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest.collaboration_list import list_request
from eventcenter.services.gateway.web.event_form import TYPE_CHOICES
from eventcenter.services.gateway.web.forms import Problems
from eventcenter.services.gateway.web.render import page
from eventcenter.services.gateway.web.times import TIMEZONE_COOKIE, shown_times, viewer_zone
from eventcenter.services.kernel.i18n import translate

router = APIRouter()
FEED_PAGES = 10  # a feed holds at most 500 upcoming events
FILTER_FIELDS = ("name", "q", "start_date", "end_date", "participation", "country", "wikis", "topics")


def _filters(request: Request) -> dict:
    """The form's values, exactly as the query string gave them (for the form and the links)."""
    params = request.query_params
    values = {field: params.get(field, "").strip()[:255] for field in FILTER_FIELDS}
    values["types"] = params.getlist("types")[:20]
    values["include_all_wikis"] = params.get("include_all_wikis") == "1"
    values["with_places_left"] = params.get("with_places_left") == "1"
    return values


def _request(ctx: CallContext, values: dict, section: str, page_token: str = "") -> api.ListEventsRequest:
    split = [w for w in values["wikis"].replace(",", " ").split() if w]
    topics = [t.strip() for t in values["topics"].split(",") if t.strip()]
    return list_request(ctx, section, values["name"], values["q"], values["types"], values["start_date"],
                        values["end_date"], values["participation"], values["country"], split,
                        values["include_all_wikis"], topics, values["with_places_left"], 50, page_token)


def _query_string(request: Request, **changes: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, v) for k, v in changes.items() if v]
    return urlencode(params)


def _view_row(row: api.EventRow, viewer: str, language: str) -> dict:
    shown = shown_times(pb.Event(start_time=row.start_time, end_time=row.end_time, timezone=row.timezone,
                                 participation_options=row.participation), viewer, language)
    return {"row": row, "times": shown}


def _by_month(rows: list[dict], language: str) -> list[tuple[str, list[dict]]]:
    def month(entry):
        return format_date(entry["row"].start_time.ToDatetime(), "LLLL y", locale=language)
    return [(name, list(group)) for name, group in itertools.groupby(rows, key=month)]


@router.get("/events")
async def collaboration_list(request: Request, page_token: str = "", ongoing_token: str = ""):
    ctx = call_context(request)
    values = _filters(request)
    viewer = viewer_zone(request.cookies.get(TIMEZONE_COOKIE))
    try:
        ongoing = await ctx.collaboration.ListEvents(_request(ctx, values, "ongoing", ongoing_token[:2000]))
        upcoming = await ctx.collaboration.ListEvents(_request(ctx, values, "upcoming", page_token[:2000]))
    except ApiError as error:
        if error.status != 400:
            raise
        return page(
            request,
            "events.html",
            status=400,
            values=values,
            problems=Problems.from_error(error, ctx.language),
            ongoing=[],
            upcoming=[],
            type_choices=TYPE_CHOICES,
            participations=TO_LIST_PARTICIPATION,
            next_upcoming="",
            next_ongoing="",
            feed_query=_query_string(request, page_token="", ongoing_token=""),
        )
    return page(request, "events.html", values=values, problems=Problems(), type_choices=TYPE_CHOICES,
                participations=TO_LIST_PARTICIPATION,
                ongoing=[_view_row(r, viewer, ctx.language) for r in ongoing.events],
                upcoming=_by_month([_view_row(r, viewer, ctx.language) for r in upcoming.events], ctx.language),
                next_upcoming=_query_string(request, page_token=upcoming.next_page_token)
                if upcoming.next_page_token else "",
                next_ongoing=_query_string(request, ongoing_token=ongoing.next_page_token)
                if ongoing.next_page_token else "",
                feed_query=_query_string(request, page_token="", ongoing_token=""))


@router.get("/events/communities")
async def communities(request: Request, wiki: str = "enwiki", page_token: str = ""):
    """The communities tab: a wiki's WikiProjects; Wikidata being unreachable is said, not hidden."""
    ctx = call_context(request)
    try:
        found = await ctx.collaboration.ListCommunities(api.ListCommunitiesRequest(
            wiki=wiki[:64], page_token=page_token[:2000]))
    except ApiError as error:
        if error.status not in (400, 503):
            raise
        return page(request, "communities.html", status=error.status, wiki=wiki, found=None, next_query="",
                    problem=error.messages.get(ctx.language) or error.messages.get("en"))
    next_query = _query_string(request, page_token=found.next_page_token) if found.next_page_token else ""
    return page(request, "communities.html", wiki=wiki, found=found, problem=None, next_query=next_query)


def _site(request: Request) -> tuple[str, str]:
    base = str(request.base_url).rstrip("/")
    return base, request.url.hostname or "eventcenter"


def _calendar_response(body: bytes, filename: str) -> Response:
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": f'inline; filename="{filename}"'})


@router.get("/events.ics")
async def events_feed(request: Request):
    """Ongoing and upcoming events with the page's filters; calendar apps subscribe to this address."""
    ctx = call_context(request)
    values = _filters(request)
    base, host = _site(request)
    entries = []
    for section in ("ongoing", "upcoming"):
        token = ""
        for _ in range(FEED_PAGES):
            found = await ctx.collaboration.ListEvents(_request(ctx, values, section, token))
            for row in found.events:
                entries.append(calendar.vevent(
                    row.id, row.name, row.start_time.ToDatetime(tzinfo=datetime.UTC),
                    row.end_time.ToDatetime(tzinfo=datetime.UTC), f"{base}/event/{row.id}", host,
                    location=row.country_code, description=row.description))
            token = found.next_page_token
            if not token:
                break
    return _calendar_response(calendar.feed(translate("web-feed-name", ctx.language), entries), "events.ics")


@router.get("/event/{event_id}.ics")
async def event_feed(event_id: int, request: Request):
    ctx = call_context(request)
    event = await ctx.registration.GetEvent(reg.GetEventRequest(event_id=event_id))
    base, host = _site(request)
    location = ", ".join(p for p in (event.address, event.country_code) if p) or event.meeting_url
    entry = calendar.vevent(event.id, event.name, event.start_time.ToDatetime(tzinfo=datetime.UTC),
                            event.end_time.ToDatetime(tzinfo=datetime.UTC), f"{base}/event/{event.id}", host,
                            location=location)
    return _calendar_response(calendar.feed(event.name, [entry]), f"event-{event.id}.ics")
