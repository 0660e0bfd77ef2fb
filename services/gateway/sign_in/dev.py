"""Dev sign-in: anyone may be anyone. Only mounted when EVENTCENTER_DEV_SIGN_IN is on and the environment is
exactly "development" (the gateway refuses to start with it on anywhere else).

`POST /dev/token` gives API clients a bearer token; `/dev/login` signs a browser in. An email given to either is
taken as confirmed, so a newcomer can receive mail (see /dev/mail)."""
import re

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel, Field

from eventcenter.services.gateway.access import dev_user_id, issue_access_token, rights_from_groups
from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.sign_in.contact import EMAIL_PATTERN, record_sign_in
from eventcenter.services.gateway.web.badge import unread_badge
from eventcenter.services.gateway.web.render import mark_html, page, redirect
from eventcenter.services.kernel.identity import Identity

router = APIRouter(prefix="/dev", tags=["development"])
GROUP_CHOICES = ("event-organizer", "sysop")


class DevTokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=255)
    groups: list[str] = Field(default_factory=list, max_length=20)
    blocked: bool = False
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)


class DevTokenResponse(BaseModel):
    access_token: str
    user_id: int


def dev_identity(username: str, groups: list[str], blocked: bool) -> Identity:
    name = username.strip()
    return Identity(dev_user_id(name), name, rights_from_groups(groups), blocked)


@router.post("/token", response_model=DevTokenResponse)
async def dev_token(body: DevTokenRequest, request: Request) -> DevTokenResponse:
    settings = request.app.state.settings
    identity = dev_identity(body.username, body.groups, body.blocked)
    token = issue_access_token(identity, settings.session_secret.get_secret_value(), settings.access_token_ttl_seconds)
    await record_sign_in(request, identity, body.email)
    return DevTokenResponse(access_token=token, user_id=identity.user_id)


@router.get("/login", dependencies=[Depends(mark_html), Depends(unread_badge)])
async def dev_login_form(request: Request, returnto: str | None = None):
    if returnto:
        sessions.remember_return(request, returnto)
    return page(request, "dev_login.html", groups=GROUP_CHOICES, problem=None)


def _problem(username: str, email: str) -> str | None:
    if not username.strip():
        return "web-dev-username-required"
    if email and not re.match(EMAIL_PATTERN, email):
        return "web-dev-email-invalid"
    return None


@router.post("/login", dependencies=[Depends(mark_html)])
async def dev_login(request: Request, username: str = Form(default="", max_length=255),
                    groups: list[str] = Form(default=[]), blocked: bool = Form(default=False),
                    email: str = Form(default="", max_length=254), token: str = Form(default="")):
    check_csrf(request, token, language_of(request))
    problem = _problem(username, email.strip())
    if problem:
        return page(request, "dev_login.html", status=400, groups=GROUP_CHOICES, problem=problem,
                    username=username, email=email)
    identity = dev_identity(username, [g for g in groups if g in GROUP_CHOICES], blocked)
    await record_sign_in(request, identity, email.strip())
    sessions.start(request, identity)
    sessions.flash(request, "web-signed-in-as", name=identity.name)
    return redirect(sessions.take_return(request))
