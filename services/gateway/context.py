"""Per-request context for route handlers: the caller, their language, the request id, and the services to call
(`await ctx.registration.GetEvent(api.GetEventRequest(event_id=...))`)."""
from dataclasses import dataclass
from functools import cached_property

from fastapi import Depends, Request

from eventcenter.services.gateway.access import bearer, bearer_identity
from eventcenter.services.gateway.clients.channels import ServiceChannels
from eventcenter.services.gateway.clients.collaboration import CollaborationService, collaboration_stub
from eventcenter.services.gateway.clients.contributions import ContributionsService, contributions_stub
from eventcenter.services.gateway.clients.invitations import InvitationsService, invitations_stub
from eventcenter.services.gateway.clients.notifications import NotificationsService, notifications_stub
from eventcenter.services.gateway.clients.registration import RegistrationService, registration_stub
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.kernel.identity import ANONYMOUS, Identity
from eventcenter.services.kernel.logs import new_request_id


@dataclass
class CallContext:
    identity: Identity
    language: str
    request_id: str
    channels: ServiceChannels
    # The caller with what registration keeps of them, rights granted there and a block, once a web page asked
    # (web/reader.py): what a page offers. Never sent to a service: `identity` is what the sign-in said.
    standing: Identity | None = None

    @property
    def reader(self) -> Identity:
        return self.standing or self.identity

    # Each service's generated stub, its calls made as this caller (clients/calls.py), typed by clients/<service>.py.
    @cached_property
    def registration(self) -> RegistrationService:
        return registration_stub(self.channels.as_caller("registration", self))

    @cached_property
    def collaboration(self) -> CollaborationService:
        return collaboration_stub(self.channels.as_caller("collaboration", self))

    @cached_property
    def notifications(self) -> NotificationsService:
        return notifications_stub(self.channels.as_caller("notifications", self))

    @cached_property
    def invitations(self) -> InvitationsService:
        return invitations_stub(self.channels.as_caller("invitations", self))

    @cached_property
    def contributions(self) -> ContributionsService:
        return contributions_stub(self.channels.as_caller("contributions", self))

    def error(self, status: int, key: str, **params: object) -> ApiError:
        return ApiError.translated(status, key, self.language, **params)


def caller(request: Request) -> Identity:
    """Who is calling: a bearer token (API clients), else the browser session, else anonymous.

    Never a client-sent identity header; a bad bearer token is an error, not anonymity."""
    if bearer(request):
        identity = bearer_identity(request)
        if identity is None:
            raise ApiError.translated(401, "gateway-error-invalid-token", language_of(request))
        return identity
    return sessions.identity(request) or ANONYMOUS


# Where a web page keeps its reader's standing for the request (see web/reader.py).
STANDING = "reader_standing"


def call_context(request: Request) -> CallContext:
    ctx = context_as(request, caller(request))
    ctx.standing = getattr(request.state, STANDING, None)
    return ctx


def context_as(request: Request, identity: Identity) -> CallContext:
    """Calls for someone the request does not carry yet: the person who is signing in."""
    language = language_of(request)
    request_id = request.headers.get("x-request-id") or new_request_id()
    return CallContext(identity, language, request_id, request.app.state.channels)


async def _call_context_dependency(request: Request) -> CallContext:
    """async, though it never waits: FastAPI would run a plain function dependency in a worker thread."""
    return call_context(request)


Context = Depends(_call_context_dependency)
