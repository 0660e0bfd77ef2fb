"""The gateway application: middleware, error handlers, health, sign-in, the REST API and the web pages."""
import pathlib
from contextlib import asynccontextmanager
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from eventcenter.services.gateway import health
from eventcenter.services.gateway.clients.channels import ServiceChannels
from eventcenter.services.gateway.errors import ApiError, validation_error_handler
from eventcenter.services.gateway.guard import Guard
from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.rate_limits import WriteLimits
from eventcenter.services.gateway.rest import routes as rest_routes
from eventcenter.services.gateway.settings import GatewaySettings
from eventcenter.services.gateway.sign_in import dev, oauth, sessions
from eventcenter.services.gateway.sign_in.signed_out import SignedOutSessions
from eventcenter.services.gateway.web import dev_mail, render
from eventcenter.services.gateway.web import routes as web_routes
from eventcenter.services.kernel import i18n
from eventcenter.services.kernel.http_metrics import HttpMetrics

i18n.register_catalogs(pathlib.Path(__file__).parent / "locales")
i18n.register_catalogs(pathlib.Path(__file__).parent / "web" / "locales")
# HTTP errors of the framework itself (unknown route, wrong method) in the MediaWiki error shape.
FRAMEWORK_KEYS = {404: "rest-no-match", 405: "rest-wrong-method"}
# FastAPI's own OpenTelemetry spans (on once a tracer provider is configured, see kernel/tracing.py), except for
# the Kubernetes probes' requests every few seconds; request metrics are Prometheus's (kernel/http_metrics.py).
TELEMETRY = {"metrics": False, "exclude": lambda scope: scope.get("path") in ("/healthz", "/readyz")}


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        addresses = {"registration": settings.registration_address,
                     "collaboration": settings.collaboration_address,
                     "notifications": settings.notifications_address,
                     "invitations": settings.invitations_address,
                     "contributions": settings.contributions_address}
        app.state.channels = ServiceChannels(addresses, settings.identity_secret.get_secret_value(),
                                             settings.call_timeout_seconds)
        app.state.signed_out = SignedOutSessions(settings.nats_url, settings.access_token_ttl_seconds,
                                                 settings.call_timeout_seconds, credentials=settings.nats_credentials)
        # Serves once it knows the sign-outs, or after a call's time anyway (honouring no session until it knows).
        await app.state.signed_out.start(settings.call_timeout_seconds)
        yield
        await app.state.signed_out.close()
        await app.state.channels.close()

    app = FastAPI(title="Event Center", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  telemetry=TELEMETRY,
                  description="CampaignEvents-compatible REST API and web pages of Event Center.")
    app.state.settings = settings
    app.state.oauth = oauth.oauth_client(settings)

    async def error_answer(request: Request, error: ApiError):
        if getattr(request.state, "html", False) and error.status == 401 and request.method == "GET":
            # A page for signed-in people, opened signed out: sign in, then back to the page.
            returnto = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/auth/login?{urlencode({'returnto': returnto})}", status_code=303)
        if getattr(request.state, "html", False):
            return render.page(request, "error.html", status=error.status,
                               message=error.messages.get(language_of(request)) or error.messages.get("en"))
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)

    async def framework_error(request: Request, error: HTTPException):
        key = FRAMEWORK_KEYS.get(error.status_code, "gateway-error-http")
        answer = ApiError.translated(error.status_code, key, language_of(request))
        if not request.url.path.startswith(("/campaignevents/", "/dev/token", "/auth/session")):
            request.state.html = True
        return await error_answer(request, answer)

    app.add_exception_handler(ApiError, error_answer)
    app.add_exception_handler(HTTPException, framework_error)
    app.add_exception_handler(RequestValidationError, validation_error_handler)

    async def out_of_range(request: Request, error: ValueError):
        """An id too large for the services' 64-bit fields (protobuf refuses it) is the caller's mistake, not ours."""
        if "out of range" not in str(error):
            raise error
        return await error_answer(request, ApiError.translated(400, "gateway-error-out-of-range", language_of(request)))

    app.add_exception_handler(ValueError, out_of_range)

    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes,
                       limits=WriteLimits(settings.user_writes_per_minute, settings.address_writes_per_minute))
    # Outermost, so the guard and every route see the session.
    app.add_middleware(SessionMiddleware, secret_key=settings.session_secret.get_secret_value(),
                       session_cookie=sessions.COOKIE, max_age=settings.access_token_ttl_seconds,
                       same_site="lax", https_only=settings.cookies_secure)
    # Outermost of ours: every answer (limits and guard refusals too) is counted.
    app.add_middleware(HttpMetrics)
    app.mount("/static", StaticFiles(directory=render.HERE / "static"), name="static")
    app.include_router(health.router)
    app.include_router(rest_routes.router, prefix="/campaignevents/v0")
    app.include_router(oauth.router)
    if settings.dev_sign_in_served:
        app.include_router(dev.router)
    if settings.dev_mail_shown:
        app.include_router(dev_mail.router)
    app.include_router(web_routes.router)
    return app
