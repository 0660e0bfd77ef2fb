"""The inbox page (/inbox): the reader's notifications, newest first, page by page; mark one or all read."""
import datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.services.gateway.context import call_context
from eventcenter.services.gateway.formatting import time_and_date
from eventcenter.services.gateway.web.badge import show_unread
from eventcenter.services.gateway.web.forms import posted
from eventcenter.services.gateway.web.render import page, redirect
from eventcenter.services.gateway.web.times import TIMEZONE_COOKIE, viewer_zone
from eventcenter.services.kernel.timezones import parse_timezone

router = APIRouter()
PAGE_SIZE = 20
MAX_TOKEN = 2000


def _inbox_path(page_token: str) -> str:
    return "/inbox?" + urlencode({"page_token": page_token}) if page_token else "/inbox"


def _safe_link(link: str) -> str:
    """Only web addresses and paths on this site: never a javascript: or data: link."""
    return link if link.startswith(("https://", "http://", "/")) and not link.startswith("//") else ""


def _view_item(item: napi.InboxItem, zone: datetime.tzinfo, language: str) -> dict:
    moment = item.create_time.ToDatetime(tzinfo=datetime.UTC).astimezone(zone)
    return {"item": item, "time": time_and_date(moment, language), "link": _safe_link(item.link),
            "unread": not item.HasField("read_time")}


@router.get("/inbox")
async def inbox(request: Request, page_token: str = ""):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return redirect("/auth/login?returnto=/inbox")
    found = await ctx.notifications.ListInboxItems(napi.ListInboxItemsRequest(
        page_size=PAGE_SIZE, page_token=page_token[:MAX_TOKEN]))
    zone = parse_timezone(viewer_zone(request.cookies.get(TIMEZONE_COOKIE))) or datetime.UTC
    show_unread(request, found.unread_count)  # the header says what the page says
    return page(request, "inbox.html", items=[_view_item(i, zone, ctx.language) for i in found.items],
                unread_total=found.unread_count, next_page_token=found.next_page_token,
                page_token=page_token[:MAX_TOKEN])


@router.post("/inbox/read")
async def mark_read(request: Request):
    """One item (`ids`), or every item (`all`); back to the same page of the inbox."""
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return redirect("/auth/login?returnto=/inbox")
    everything = form.get("all") == "1"
    ids = [int(i) for i in form.getlist("ids") if str(i).isdecimal()][:PAGE_SIZE * 5]
    if everything or ids:
        await ctx.notifications.MarkInboxItemsRead(napi.MarkInboxItemsReadRequest(ids=ids, all=everything))
    return redirect(_inbox_path(str(form.get("page_token", ""))[:MAX_TOKEN]))
