"""GET /events (the Collaboration list as JSON) and GET /communities (WikiProjects of a wiki)."""
import datetime

from fastapi import APIRouter, Query

from eventcenter.collaboration.v1 import collaboration_service_pb2 as api
from eventcenter.services.contracts.enums import FROM_LIST_PARTICIPATION, TO_LIST_PARTICIPATION
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.formatting import mw_timestamp

router = APIRouter(tags=["collaboration list"])
SECTIONS = {"ongoing": api.SECTION_ONGOING, "upcoming": api.SECTION_UPCOMING}


def _many(values: list[str] | None) -> list[str]:
    """Repeated parameters and MediaWiki's pipe-separated lists both work."""
    return [part for value in values or [] for part in value.split("|") if part.strip()]


def list_request(ctx: CallContext, section: str, name: str, q: str, types: list[str] | None, start_date: str,
                 end_date: str, participation: str, country: str, wikis: list[str] | None,
                 include_all_wikis: bool, topics: list[str] | None, with_places_left: bool, limit: int,
                 page_token: str) -> api.ListEventsRequest:
    if section not in SECTIONS:
        raise ctx.error(400, "gateway-error-bad-param", name="section")
    if participation and participation not in TO_LIST_PARTICIPATION:
        raise ctx.error(400, "gateway-error-bad-param", name="participation")
    return api.ListEventsRequest(
        section=SECTIONS[section], name=name, query=q, types=_many(types), start_date=start_date, end_date=end_date,
        participation=TO_LIST_PARTICIPATION.get(participation, api.PARTICIPATION_UNSPECIFIED), country_code=country,
        wikis=_many(wikis), include_all_wikis=include_all_wikis, topics=_many(topics),
        with_places_left=with_places_left, page_size=limit, page_token=page_token)


def row_json(row: api.EventRow) -> dict:
    return {
        "event_id": row.id, "event_name": row.name, "event_page": row.page_title, "event_page_wiki": row.page_wiki,
        "start_time": mw_timestamp(row.start_time.ToDatetime(tzinfo=datetime.UTC)),
        "end_time": mw_timestamp(row.end_time.ToDatetime(tzinfo=datetime.UTC)),
        "timezone": row.timezone, "participation": FROM_LIST_PARTICIPATION.get(row.participation, ""),
        "country_code": row.country_code or None, "types": list(row.types), "wikis": list(row.wikis),
        "more_wikis": row.more_wikis, "all_wikis": row.all_wikis, "topics": list(row.topics),
        "organizers": [{"user_id": o.user_id, "user_name": o.user_name, "creator": o.creator} for o in row.organizers],
        "more_organizers": row.more_organizers, "participants": row.participant_count,
        "participant_limit": row.participant_limit or None, "registration_open": row.registration_open,
    }


@router.get("/events")
async def list_events(
    section: str = "upcoming",
    name: str = Query(default="", max_length=255),
    q: str = Query(default="", max_length=255),
    types: list[str] | None = Query(default=None),
    start_date: str = Query(default="", max_length=10),
    end_date: str = Query(default="", max_length=10),
    participation: str = "",
    country: str = Query(default="", max_length=8),
    wikis: list[str] | None = Query(default=None),
    include_all_wikis: bool = False,
    topics: list[str] | None = Query(default=None),
    with_places_left: bool = False,
    limit: int = Query(default=50, ge=1, le=50),
    page_token: str = Query(default="", max_length=2000),
    ctx: CallContext = Context,
) -> dict:
    """One section of the Collaboration list; follow `next_page_token` for more."""
    request = list_request(ctx, section, name, q, types, start_date, end_date, participation, country, wikis,
                           include_all_wikis, topics, with_places_left, limit, page_token)
    found = await ctx.collaboration.ListEvents(request)
    return {"events": [row_json(r) for r in found.events], "next_page_token": found.next_page_token or None}


@router.get("/communities")
async def list_communities(wiki: str = Query(max_length=64), limit: int = Query(default=20, ge=1, le=50),
                           page_token: str = Query(default="", max_length=2000), ctx: CallContext = Context) -> dict:
    found = await ctx.collaboration.ListCommunities(api.ListCommunitiesRequest(
        wiki=wiki, page_size=limit, page_token=page_token))
    return {"communities": [{"id": c.id, "label": c.label, "description": c.description, "url": c.url,
                             "title": c.title} for c in found.communities],
            "total": found.total, "next_page_token": found.next_page_token or None}
