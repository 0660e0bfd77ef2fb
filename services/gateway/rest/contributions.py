"""Contributions: edits associated with an event, the metrics counted from them and the event's goal.

POST associates one revision (by its author, a participant, or by an organizer; a private participant's by
themselves only); GET pages through the event's edits, newest association first (a private participant's edits
are listed to them, the event's organizers and admins alone: the service leaves them out for everyone else and
says how many it left out; `deleted` edits, gone from their wiki, count for nothing); GET metrics counts them;
PUT goal sets the organizers' one goal; PUT worklist sets the articles whose edits by participants are gathered by
themselves while `gather` is on. See COMPATIBILITY.md."""
import datetime

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.formatting import mw_timestamp
from eventcenter.services.gateway.rest import revisions
from eventcenter.services.gateway.rest.csrf import check_csrf

router = APIRouter(tags=["contributions"])
# "edits", "bytes_added", ... (the service's metric names) and back.
METRIC_NAMES = {value: name.removeprefix("METRIC_").lower() for name, value in capi.Metric.items()
                if value != capi.METRIC_UNSPECIFIED}
METRIC_VALUES = {name: value for value, name in METRIC_NAMES.items()}
METRICS = tuple(METRIC_NAMES.values())


class AssociateBody(BaseModel):
    wiki: str = Field(max_length=64)
    rev_id: int = Field(ge=1)
    token: str | None = None


class ArticleBody(BaseModel):
    wiki: str = Field(max_length=64)
    title: str = Field(max_length=512)


class WorklistBody(BaseModel):
    # The service allows 300 and says so; beyond this the body is refused outright.
    articles: list[ArticleBody] = Field(default_factory=list, max_length=1000)
    gather: bool = False
    token: str | None = None


class GoalBody(BaseModel):
    metric: str = Field(max_length=64)
    target: int = Field(ge=0, le=2**62)
    token: str | None = None


def _moment(stamp) -> str:
    return mw_timestamp(stamp.ToDatetime(tzinfo=datetime.UTC))


def contribution_json(found: capi.Contribution) -> dict:
    return {"id": found.id, "event_id": found.event_id, "wiki": found.wiki, "rev_id": found.rev_id,
            "page_title": found.page_title, "namespace": found.namespace,
            "user_id": found.user_id, "user_name": found.user_name, "private": found.private,
            "edit_time": _moment(found.edit_time), "bytes_delta": found.bytes_delta,
            "page_created": found.page_created, "links_added": found.links_added,
            "links_removed": found.links_removed, "words_added": found.words_added,
            "associated": _moment(found.create_time), "gathered": found.gathered, "deleted": found.deleted}


def goal_json(goal: capi.EventGoal) -> dict:
    """`revision`: what PUT goal's If-Match names (the goal has no GET of its own)."""
    return {"metric": METRIC_NAMES.get(goal.metric), "target": goal.target, "actual": goal.actual,
            "completion": goal.completion, "revision": goal.revision}


def metrics_json(found: capi.EventMetrics) -> dict:
    body = {"event_id": found.event_id, **{name: getattr(found, name) for name in METRICS}}
    body["goal"] = goal_json(found.goal) if found.HasField("goal") else None
    return body


@router.post("/event/{event_id}/contributions", status_code=201)
async def associate_edit(event_id: int, body: AssociateBody, request: Request,
                         ctx: CallContext = Context) -> dict:
    check_csrf(request, body.token, ctx.language)
    found = await ctx.contributions.AssociateEdit(capi.AssociateEditRequest(
        event_id=event_id, wiki=body.wiki.strip(), rev_id=body.rev_id))
    return contribution_json(found)


@router.get("/event/{event_id}/contributions")
async def list_contributions(event_id: int, limit: int = Query(default=50, ge=1, le=500),
                             page_token: str = Query(default="", max_length=2000),
                             ctx: CallContext = Context) -> dict:
    """Newest association first; follow `next_page_token` for older ones. `hidden_private`: the event's edits by
    private participants that the caller is not shown (on no page)."""
    found = await ctx.contributions.ListContributions(capi.ListContributionsRequest(
        event_id=event_id, page_size=limit, page_token=page_token))
    return {"contributions": [contribution_json(c) for c in found.contributions],
            "next_page_token": found.next_page_token or None, "hidden_private": found.hidden_private}


@router.get("/event/{event_id}/metrics")
async def event_metrics(event_id: int, ctx: CallContext = Context) -> dict:
    return metrics_json(await ctx.contributions.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event_id)))


@router.put("/event/{event_id}/goal", responses={**revisions.READ, **revisions.CONDITIONAL})
async def set_goal(event_id: int, body: GoalBody, request: Request, response: Response,
                   if_match: str | None = revisions.IF_MATCH, ctx: CallContext = Context) -> dict:
    """Organizers only; `metric` is one of the metrics' names, `target` at least 1. If-Match takes the goal's
    revision as GET metrics shows it ("0" while the event has none)."""
    check_csrf(request, body.token, ctx.language)
    metric = METRIC_VALUES.get(body.metric.strip())
    if metric is None:
        raise ctx.error(400, "gateway-error-bad-param", name="metric")

    async def current() -> int:
        found = await ctx.contributions.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event_id))
        return found.goal.revision

    goal = await ctx.contributions.SetEventGoal(capi.SetEventGoalRequest(
        event_id=event_id, metric=metric, target=body.target,
        expected_revision=await revisions.expected_revision(ctx, if_match, current)))
    response.headers["etag"] = revisions.etag(goal.revision)
    return goal_json(goal)


def worklist_json(found: capi.Worklist) -> dict:
    return {"event_id": found.event_id, "articles": [{"wiki": a.wiki, "title": a.title} for a in found.articles],
            "gather": found.gather,
            "last_gathered": _moment(found.last_gather_time) if found.HasField("last_gather_time") else None}


async def _worklist(ctx: CallContext, event_id: int) -> capi.Worklist:
    return await ctx.contributions.GetWorklist(capi.GetWorklistRequest(event_id=event_id))


@router.get("/event/{event_id}/worklist", responses=revisions.READ)
async def get_worklist(event_id: int, response: Response, ctx: CallContext = Context) -> dict:
    """The ETag is the worklist's revision ("0" before the organizers first set one)."""
    found = await _worklist(ctx, event_id)
    response.headers["etag"] = revisions.etag(found.revision)
    return worklist_json(found)


@router.put("/event/{event_id}/worklist", responses={**revisions.READ, **revisions.CONDITIONAL})
async def set_worklist(event_id: int, body: WorklistBody, request: Request, response: Response,
                       if_match: str | None = revisions.IF_MATCH, ctx: CallContext = Context) -> dict:
    """Organizers only: replaces the worklist (titles come back as the wiki names them)."""
    check_csrf(request, body.token, ctx.language)

    async def current() -> int:
        return (await _worklist(ctx, event_id)).revision

    found = await ctx.contributions.SetWorklist(capi.SetWorklistRequest(
        event_id=event_id, gather=body.gather,
        articles=[capi.WorklistArticle(wiki=a.wiki.strip(), title=a.title.strip()) for a in body.articles],
        expected_revision=await revisions.expected_revision(ctx, if_match, current)))
    response.headers["etag"] = revisions.etag(found.revision)
    return worklist_json(found)
