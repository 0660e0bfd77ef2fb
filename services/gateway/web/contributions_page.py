"""An event's contributions page: metrics, the goal (organizers set it), the worklist whose edits are gathered by
themselves (organizers set it), the associated edits (paged), a chart of edits and bytes added per day, the CSV
downloads, and a form for participants to associate an edit."""
import datetime

from fastapi import APIRouter, Query, Request

from eventcenter.contributions.v1 import contributions_service_pb2 as capi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.formatting import time_and_date
from eventcenter.services.gateway.rest import revisions
from eventcenter.services.gateway.rest.contributions import METRIC_NAMES, METRIC_VALUES, METRICS
from eventcenter.services.gateway.rest.invitation_lists import worklist_article
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web.contribution_chart import chart_svg
from eventcenter.services.gateway.web.event_page import may_organize, organizers_of, own_registration
from eventcenter.services.gateway.web.forms import Problems, edit_conflict, posted, posted_revision
from eventcenter.services.gateway.web.invitations_page import worklist_lines, worklist_problems
from eventcenter.services.gateway.web.render import page, redirect
from eventcenter.services.gateway.web.times import TIMEZONE_COOKIE, viewer_zone
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.timezones import parse_timezone

router = APIRouter()
PAGE_SIZE = 20
CHART_PAGE, CHART_PAGES = 500, 20  # the chart reads at most 10 000 edits


async def _chart(ctx: CallContext, event: pb.Event) -> str:
    """Drawn from the edits the reader is shown: a day's bars must not tell what a private participant did that
    day (the metrics count them, over the whole event)."""
    edits, token = [], ""
    for _ in range(CHART_PAGES):
        found = await ctx.contributions.ListContributions(capi.ListContributionsRequest(
            event_id=event.id, page_size=CHART_PAGE, page_token=token))
        edits.extend((c.edit_time.ToDatetime(tzinfo=datetime.UTC), c.bytes_delta) for c in found.contributions
                     if not c.deleted)
        token = found.next_page_token
        if not token:
            break
    zone = parse_timezone(event.timezone) or datetime.UTC
    first = event.start_time.ToDatetime(tzinfo=datetime.UTC).astimezone(zone).date()
    last = event.end_time.ToDatetime(tzinfo=datetime.UTC).astimezone(zone).date()
    return chart_svg(edits, first, last, translate("web-contributions-chart", ctx.language),
                     translate("web-contributions-chart-edits", ctx.language),
                     translate("web-contributions-chart-bytes", ctx.language), zone)


async def _context(request: Request, ctx: CallContext, event_id: int, page_token: str) -> dict:
    event = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    organizing = may_organize(ctx, await organizers_of(ctx, event_id))
    registration = await own_registration(ctx, event_id)
    metrics = await ctx.contributions.GetEventMetrics(capi.GetEventMetricsRequest(event_id=event_id))
    listed = await ctx.contributions.ListContributions(capi.ListContributionsRequest(
        event_id=event_id, page_size=PAGE_SIZE, page_token=page_token))
    zone = parse_timezone(viewer_zone(request.cookies.get(TIMEZONE_COOKIE))) or datetime.UTC
    rows = [{"c": c, "time": time_and_date(c.edit_time.ToDatetime(tzinfo=datetime.UTC).astimezone(zone),
                                           ctx.language)} for c in listed.contributions]
    goal = metrics.goal if metrics.HasField("goal") else None
    worklist = await ctx.contributions.GetWorklist(capi.GetWorklistRequest(event_id=event_id))
    default_wiki = _default_wiki(request, event)
    worklist_text = "\n".join(a.title if a.wiki == default_wiki else f"{a.wiki}:{a.title}" for a in worklist.articles)
    return {
        "worklist": worklist, "default_wiki": default_wiki,
        # What the organizers' forms show, with the revision each replaces (0: none set yet).
        "worklist_form": {"articles": worklist_text, "gather": worklist.gather, "revision": worklist.revision},
        "goal_form": {"metric": METRIC_NAMES.get(goal.metric) if goal else None,
                      "target": goal.target if goal else "", "revision": goal.revision if goal else 0},
        "last_gathered": time_and_date(worklist.last_gather_time.ToDatetime(tzinfo=datetime.UTC).astimezone(zone),
                                       ctx.language) if worklist.HasField("last_gather_time") else "",
        "event": event, "organizing": organizing, "metrics": [(name, getattr(metrics, name)) for name in METRICS],
        "goal": goal, "goal_metric": METRIC_NAMES.get(goal.metric) if goal else None,
        "goal_percent": round(goal.completion * 100) if goal else 0, "metric_names": METRICS,
        "rows": rows, "next_page_token": listed.next_page_token, "hidden_private": listed.hidden_private,
        "may_associate": event.tracks_contributions and (organizing or registration is not None),
        "chart": await _chart(ctx, event),
    }


@router.get("/event/{event_id}/contributions")
async def contributions_page(event_id: int, request: Request, page_token: str = Query(default="", max_length=2000)):
    ctx = call_context(request)
    return page(request, "event_contributions.html", **await _context(request, ctx, event_id, page_token),
                problems=Problems())


def _default_wiki(request: Request, event: pb.Event) -> str:
    """Titles written without a wiki are on the event's first wiki (the gateway's default for any-wiki events)."""
    return event.wikis[0] if event.wikis else request.app.state.settings.default_wiki


def _typed(kind: str, form) -> dict:
    """The goal or worklist form as it was posted."""
    if kind == "goal":
        return {"metric": str(form.get("metric", "")), "target": str(form.get("target", ""))[:20]}
    return {"articles": str(form.get("articles", ""))[:200_000], "gather": form.get("gather") == "1"}


async def _refused(request: Request, ctx: CallContext, event_id: int, error: ApiError, form,
                   problems: Problems | None = None, article_problems: list[str] | None = None, kind: str = ""):
    """The page again with the refusal. `kind` ("goal", "worklist"): that form shows what was typed, with the
    revision it was shown with, or after someone else saved meanwhile (409) the newest one, to save over."""
    if error.status >= 500 or error.status == 404:
        raise error
    context = await _context(request, ctx, event_id, "")
    status, conflict = error.status, revisions.conflict(error)
    if conflict:
        status, problems = 409, edit_conflict(ctx.language)
    if kind:
        shown = posted_revision(form)
        fresh = context[f"{kind}_form"]["revision"]
        context[f"{kind}_form"] = {**_typed(kind, form), "revision": fresh if conflict or shown is None else shown}
    return page(request, "event_contributions.html", status=status, **context,
                problems=problems or Problems.from_error(error, ctx.language), submitted=form,
                article_problems=article_problems or [])


@router.post("/event/{event_id}/contributions/associate")
async def associate(event_id: int, request: Request):
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return redirect(f"/auth/login?returnto=/event/{event_id}/contributions")
    revision = str(form.get("rev_id", "")).strip()
    wiki = str(form.get("wiki", "")).strip()[:64]
    try:
        if not revision.isdecimal() or not 0 < int(revision) < 2**62:
            raise ctx.error(400, "web-contributions-bad-revision")
        await ctx.contributions.AssociateEdit(capi.AssociateEditRequest(event_id=event_id, wiki=wiki,
                                                                        rev_id=int(revision)))
    except ApiError as error:
        return await _refused(request, ctx, event_id, error, form)
    sessions.flash(request, "web-flash-edit-associated")
    return redirect(f"/event/{event_id}/contributions")


@router.post("/event/{event_id}/contributions/goal")
async def set_goal(event_id: int, request: Request):
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return redirect(f"/auth/login?returnto=/event/{event_id}/contributions")
    target = str(form.get("target", "")).strip()
    try:
        metric = METRIC_VALUES.get(str(form.get("metric", "")))
        if metric is None or not target.isdecimal() or int(target) >= 2**62:
            raise ctx.error(400, "web-contributions-bad-goal")
        await ctx.contributions.SetEventGoal(capi.SetEventGoalRequest(
            event_id=event_id, metric=metric, target=int(target), expected_revision=posted_revision(form)))
    except ApiError as error:
        return await _refused(request, ctx, event_id, error, form, kind="goal")
    sessions.flash(request, "web-flash-goal-set")
    return redirect(f"/event/{event_id}/contributions")


@router.post("/event/{event_id}/contributions/worklist")
async def set_worklist(event_id: int, request: Request):
    """One title a line ("frwiki:Titre" for another of the event's wikis); every refused title is listed."""
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return redirect(f"/auth/login?returnto=/event/{event_id}/contributions")
    default_wiki = str(form.get("wiki", "")).strip()[:64] or request.app.state.settings.default_wiki
    articles = [
        worklist_article(line, default_wiki) for line in worklist_lines(str(form.get("articles", ""))[:200_000])
    ]
    try:
        await ctx.contributions.SetWorklist(capi.SetWorklistRequest(
            event_id=event_id, gather=form.get("gather") == "1",
            articles=[capi.WorklistArticle(wiki=a.wiki, title=a.title) for a in articles],
            expected_revision=posted_revision(form)))
    except ApiError as error:
        problems, article_problems = worklist_problems(error, ctx.language)
        return await _refused(request, ctx, event_id, error, form, problems, article_problems, kind="worklist")
    sessions.flash(request, "web-flash-worklist-set")
    return redirect(f"/event/{event_id}/contributions")
