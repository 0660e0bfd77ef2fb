"""ASGI middleware counting HTTP requests by route and status, with their latency (eventcenter_http_*).

Spans of HTTP requests are FastAPI's own (its native OpenTelemetry support), which also makes the request's
context current for the gRPC calls made while answering."""
import time

from eventcenter.services.kernel import metrics

# Requests no route took (scanners, typos) share one label, so their paths cannot multiply the series.
UNMATCHED = "unmatched"


def route_of(scope) -> str:
    """The matched route's template ("/campaignevents/v0/event_registration/{event_id}"), never the raw path.
    FastAPI keeps an included router's full template in its effective route context; `route` lacks the prefix."""
    effective = (scope.get("fastapi") or {}).get("effective_route_context")
    return getattr(effective, "path_format", None) or getattr(scope.get("route"), "path", None) or UNMATCHED


class HttpMetrics:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), 500  # an exception escaping the app is answered 500

        async def send_observed(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            method, route = scope["method"], route_of(scope)
            metrics.HTTP_REQUESTS.labels(method, route, str(status)).inc()
            metrics.HTTP_SECONDS.labels(method, route).observe(time.perf_counter() - started)
