"""Invitation lists as pages: generate one (/invitation_lists/new), one's lists (/invitation_lists), and one list
(/invitation_lists/{id}), which refreshes itself while pending and shows the editors in groups once ready.

The notifications service links a ready list to /invitation_lists/{id}: that path is this list page."""
import datetime
import uuid
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from eventcenter.invitations.v1 import invitations_service_pb2 as iapi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.formatting import time_and_date
from eventcenter.services.gateway.rest.invitation_lists import group_of, status_of, worklist_article
from eventcenter.services.gateway.web.forms import Problems, posted
from eventcenter.services.gateway.web.render import page, redirect
from eventcenter.services.gateway.web.times import TIMEZONE_COOKIE, viewer_zone
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.timezones import parse_timezone

router = APIRouter()
log = get_logger(__name__)
PAGE_SIZE = 20
MAX_TOKEN = 2000
MAX_LINES = 1000  # the service takes 300 and says so when there are more
REFRESH_SECONDS = 3
# Refusals about the event chosen, shown beside the event field (keys as errors.from_grpc names them).
EVENT_KEYS = frozenset({"campaignevents-rest-event-not-found", "campaignevents-register-event-past",
                        "campaignevents-edit-not-allowed-registration"})
# The groups of a ready list, in the order the page shows them.
GROUPS = (("highly_recommended", "web-invitation-group-highly-recommended"),
          ("recommended", "web-invitation-group-recommended"),
          ("other", "web-invitation-group-other"))
GROUP_HINTS = {"highly_recommended": "web-invitation-group-highly-recommended-hint",
               "recommended": "web-invitation-group-recommended-hint", "other": "web-invitation-group-other-hint"}
STATUS_KEYS = {"pending": "web-invitation-status-pending", "ready": "web-invitation-status-ready",
               "failed": "web-invitation-status-failed"}


def _sign_in(path: str):
    return redirect("/auth/login?" + urlencode({"returnto": path}))


def _require_organizer(ctx: CallContext) -> None:
    """Only organizers may generate lists (the service decides; the page says so up front)."""
    if not ctx.reader.has(RIGHT_ORGANIZER):
        raise ctx.error(403, "web-invitation-organizers-only")


def _when(request: Request, stamp, language: str) -> str:
    zone = parse_timezone(viewer_zone(request.cookies.get(TIMEZONE_COOKIE))) or datetime.UTC
    return time_and_date(stamp.ToDatetime(tzinfo=datetime.UTC).astimezone(zone), language)


def _safe_link(link: str) -> str:
    """A user page on a wiki: only web addresses, never a javascript: or data: link."""
    return link if link.startswith(("https://", "http://")) else ""


async def _open_events(ctx: CallContext) -> list:
    """The caller's events a list may be for: not deleted, not ended."""
    found = await ctx.registration.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(user_id=ctx.identity.user_id))
    return [e for e in found.events if not e.ended and not e.HasField("delete_time")]


def _form_values(form) -> dict:
    return {"name": str(form.get("name", ""))[:1000], "event_id": str(form.get("event_id", "")).strip()[:20],
            "articles": str(form.get("articles", ""))[:200_000], "wiki": str(form.get("wiki", "")).strip()[:64],
            "from_past_participants": form.get("from_past_participants") == "1",
            "request_id": str(form.get("request_id", ""))[:100] or uuid.uuid4().hex}


def worklist_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:MAX_LINES]


def worklist_problems(error: ApiError, language: str) -> tuple[Problems, list[str]]:
    """The refusal beside the fields: the name, the event, and every article the service named."""
    message = error.messages.get(language) or error.messages.get("en")
    fields, articles = {}, []
    for violation in error.details.get("fieldViolations", []):
        if violation["field"].startswith("articles"):
            articles.append(violation["description"])
        else:
            fields.setdefault(violation["field"], violation["description"])
    if error.key in EVENT_KEYS:
        fields["event_id"] = message
    summary = translate("web-invitation-form-problems", language) if fields or articles else message
    return Problems(summary, fields), articles


async def _form_page(request: Request, ctx: CallContext, values: dict, problems: Problems | None = None,
                     article_problems: list[str] | None = None, status: int = 200):
    return page(request, "invitation_list_form.html", status=status, values=values, events=await _open_events(ctx),
                problems=problems or Problems(), article_problems=article_problems or [])


@router.get("/invitation_lists/new")
async def new_list_form(request: Request, event_id: str = ""):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return _sign_in("/invitation_lists/new")
    _require_organizer(ctx)
    values = {"name": "", "event_id": event_id.strip()[:20], "articles": "", "from_past_participants": False,
              "wiki": request.app.state.settings.default_wiki, "request_id": uuid.uuid4().hex}
    return await _form_page(request, ctx, values)


@router.post("/invitation_lists/new")
async def create_list(request: Request):
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return _sign_in("/invitation_lists/new")
    values = _form_values(form)
    default_wiki = values["wiki"] or request.app.state.settings.default_wiki
    event_id = int(values["event_id"]) if values["event_id"].isdecimal() else 0
    try:
        created = await ctx.invitations.CreateInvitationList(iapi.CreateInvitationListRequest(
            name=values["name"], event_id=event_id,
            articles=[worklist_article(line, default_wiki) for line in worklist_lines(values["articles"])],
            from_past_participants=values["from_past_participants"], request_id=values["request_id"]))
    except ApiError as error:
        if error.status >= 500:
            raise
        problems, article_problems = worklist_problems(error, ctx.language)
        return await _form_page(request, ctx, values, problems, article_problems, status=error.status)
    return redirect(f"/invitation_lists/{created.id}")


def _row(request: Request, found: iapi.InvitationList, language: str) -> dict:
    status = status_of(found)
    return {"list": found, "status": status, "status_key": STATUS_KEYS[status],
            "created": _when(request, found.create_time, language)}


@router.get("/invitation_lists")
async def my_lists(request: Request, page_token: str = ""):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return _sign_in("/invitation_lists")
    found = await ctx.invitations.ListInvitationLists(iapi.ListInvitationListsRequest(
        page_size=PAGE_SIZE, page_token=page_token[:MAX_TOKEN]))
    return page(request, "invitation_lists.html", rows=[_row(request, f, ctx.language) for f in found.lists],
                next_page_token=found.next_page_token, organizer=ctx.reader.has(RIGHT_ORGANIZER))


async def _event_name(ctx: CallContext, event_id: int) -> str | None:
    """The name of the list's event, when it can still be read (a deleted event is shown by its id)."""
    try:
        return (await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))).name
    except ApiError as error:
        log.debug("event of an invitation list not shown", event_id=event_id, status=error.status)
        return None


@router.get("/invitation_lists/{list_id}")
async def one_list(list_id: int, request: Request):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return _sign_in(f"/invitation_lists/{list_id}")
    found = await ctx.invitations.GetInvitationList(iapi.GetInvitationListRequest(list_id=list_id))
    groups = []
    for group, key in GROUPS:
        editors = [{"name": e.user_name, "score": e.score, "link": _safe_link(e.user_page_url)}
                   for e in found.editors if group_of(e) == group]
        if editors or group != "other":
            groups.append({"id": group, "key": key, "hint": GROUP_HINTS[group], "editors": editors})
    return page(request, "invitation_list.html", row=_row(request, found, ctx.language), found=found,
                groups=groups, refresh=REFRESH_SECONDS,
                event_name=await _event_name(ctx, found.event_id) if found.event_id else None)
