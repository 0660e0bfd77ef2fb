"""The gateway application: middleware, error handlers, health, and the routers."""
import pathlib
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from eventcenter.services.gateway import dev_sign_in, health
from eventcenter.services.gateway.clients import ServiceClients
from eventcenter.services.gateway.errors import ApiError, api_error_handler, validation_error_handler
from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.rest import routes as rest_routes
from eventcenter.services.gateway.settings import GatewaySettings
from eventcenter.services.kernel import i18n

i18n.register_catalogs(pathlib.Path(__file__).parent / "locales")
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.clients = ServiceClients(settings.registration_address,
                                           settings.identity_secret.get_secret_value(), settings.call_timeout_seconds)
        yield
        await app.state.clients.close()

    app = FastAPI(title="Event Center", version="0.1.0", lifespan=lifespan,
                  description="CampaignEvents-compatible REST API and web pages of Event Center.")
    app.state.settings = settings
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_body_bytes:
            error = ApiError.translated(413, "gateway-error-body-too-large", language_of(request),
                                        max=settings.max_body_bytes)
            return JSONResponse(error.body(), status_code=413)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.include_router(health.router)
    app.include_router(rest_routes.router, prefix="/campaignevents/v0")
    if settings.dev_sign_in:
        app.include_router(dev_sign_in.router)
    return app
