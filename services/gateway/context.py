"""Per-request context for route handlers: the caller, their language, the request id, service calls."""
from dataclasses import dataclass

from fastapi import Depends, Request

from eventcenter.services.gateway.access import bearer, bearer_identity
from eventcenter.services.gateway.clients import ServiceClients
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
    clients: ServiceClients
    # The caller with what registration keeps of them, rights granted there and a block, once a web page asked
    # (web/reader.py): what a page offers. Never sent to a service: `identity` is what the sign-in said.
    standing: Identity | None = None

    @property
    def reader(self) -> Identity:
        return self.standing or self.identity

    async def registration(self, method: str, request, timeout: float | None = None):
        return await self.clients.call("registration", method, request, self.identity, self.language,
                                       self.request_id, timeout)

    async def collaboration(self, method: str, request):
        return await self.clients.call("collaboration", method, request, self.identity, self.language,
                                       self.request_id)

    async def notifications(self, method: str, request, timeout: float | None = None):
        return await self.clients.call("notifications", method, request, self.identity, self.language,
                                       self.request_id, timeout)

    async def invitations(self, method: str, request, timeout: float | None = None):
        return await self.clients.call("invitations", method, request, self.identity, self.language,
                                       self.request_id, timeout)

    async def contributions(self, method: str, request, timeout: float | None = None):
        return await self.clients.call("contributions", method, request, self.identity, self.language,
                                       self.request_id, timeout)

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
    return CallContext(identity, language, request_id, request.app.state.clients)


async def _call_context_dependency(request: Request) -> CallContext:
    """async, though it never waits: FastAPI would run a plain function dependency in a worker thread."""
    return call_context(request)


Context = Depends(_call_context_dependency)
