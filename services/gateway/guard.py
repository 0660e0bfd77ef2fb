"""What every request meets before any route (pure ASGI, so a request costs no extra task or body copy): a body
without its length or beyond the size limit is refused (411, 413), a write beyond the rate limits too (429); and
every answer, refusals included, carries the security headers."""
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.rate_limits import WriteLimits

API_PREFIX = "/campaignevents/"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def _not_json(request: Request) -> bool:
    """A body of the REST API that is not JSON (CampaignEvents takes application/json only); the pages' forms are
    elsewhere."""
    if request.method not in BODY_METHODS or not request.scope["path"].startswith(API_PREFIX):
        return False
    if request.headers.get("content-length", "0") in ("", "0"):
        return False
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind != "application/json"


class Guard:
    def __init__(self, app: ASGIApp, max_body_bytes: int, limits: WriteLimits) -> None:
        self.app, self.max_body_bytes, self.limits = app, max_body_bytes, limits

    def refusal(self, request: Request) -> JSONResponse | None:
        length = request.headers.get("content-length")
        if length is None and "chunked" in request.headers.get("transfer-encoding", "").lower():
            # A body without its length would pass the size limit below unchecked.
            error = ApiError.translated(411, "gateway-error-length-required", language_of(request))
            return JSONResponse(error.body(), status_code=411)
        if length and length.isdecimal() and int(length) > self.max_body_bytes:
            error = ApiError.translated(413, "gateway-error-body-too-large", language_of(request),
                                        max=self.max_body_bytes)
            return JSONResponse(error.body(), status_code=413)
        if _not_json(request):
            error = ApiError.translated(415, "rest-unsupported-content-type", language_of(request),
                                        type=request.headers.get("content-type", ""))
            return JSONResponse(error.body(), status_code=415)
        wait = self.limits.retry_after(request)
        if wait is not None:
            error = ApiError.translated(429, "gateway-error-rate-limited", language_of(request), seconds=wait)
            return JSONResponse(error.body(), status_code=429, headers={"retry-after": str(wait)})
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        refused = self.refusal(Request(scope))
        await (refused or self.app)(scope, receive, with_headers)
