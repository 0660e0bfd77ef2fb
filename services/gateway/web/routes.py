"""All web pages. Errors on them are answered as pages (see render.mark_html)."""
import asyncio

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import call_context
from eventcenter.services.gateway.language import LANGUAGE_COOKIE
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web import (
    campaigns_page,
    collaboration_page,
    contributions_csv,
    contributions_page,
    event_admin,
    event_form,
    event_page,
    inbox_page,
    invitations_page,
    preferences_page,
)
from eventcenter.services.gateway.web.badge import unread_badge
from eventcenter.services.gateway.web.reader import reader_standing
from eventcenter.services.gateway.web.render import mark_html, page, redirect
from eventcenter.services.kernel.i18n import languages


async def page_reader(request: Request) -> None:
    """Before every page, at once: the reader's unread count and their standing (see reader.py)."""
    await asyncio.gather(unread_badge(request), reader_standing(request))


router = APIRouter(dependencies=[Depends(mark_html), Depends(page_reader)], include_in_schema=False)


@router.get("/")
async def home(request: Request):
    return page(request, "home.html")


@router.get("/favicon.ico")
async def favicon():
    """Browsers and feed readers ask here whatever the pages link to."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/language")
async def choose_language(request: Request, code: str = "", returnto: str = "/"):
    """Remembers the reader's choice of language for a year (works without JavaScript)."""
    answer = redirect(sessions.safe_local_path(returnto))
    if code in languages():
        answer.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return answer


@router.get("/my/events")
async def my_events(request: Request):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return redirect("/auth/login?returnto=/my/events")
    user_id = ctx.identity.user_id
    organizing = await ctx.registration.ListEventsByOrganizer(api.ListEventsByOrganizerRequest(user_id=user_id))
    registered = await ctx.registration.ListEventsByParticipant(api.ListEventsByParticipantRequest(user_id=user_id))
    return page(request, "my_events.html", organizing=organizing.events, registered=registered.events)


# The calendar feeds (/event/{id}.ics) come before the event page (/event/{id}), which would take them.
for module in (collaboration_page, event_page, event_form, event_admin, inbox_page, preferences_page,
               invitations_page, campaigns_page, contributions_csv, contributions_page):
    router.include_router(module.router)
