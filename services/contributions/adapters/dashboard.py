"""The Programs & Events Dashboard's Event Center endpoints: JSON POSTs, 5 s timeout; an answer is "" (accepted),
one of the Dashboard's error codes, or "unavailable". Only Dashboards on the operator's list are called: a link
made to another (before the list, or taken off it since) is answered "not_allowed" without a request."""
import httpx

from eventcenter.services.contributions.domain import dashboard
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)


class DashboardClient:
    def __init__(self, user_agent: str, allowed: frozenset[str], timeout: float = dashboard.TIMEOUT_SECONDS) -> None:
        self.allowed = allowed
        self.http = httpx.AsyncClient(timeout=timeout, headers={"User-Agent": user_agent})

    async def post(self, dashboard_url: str, action: str, payload: dict) -> str:
        if dashboard.base_url(dashboard_url) not in self.allowed:
            log.warning("dashboard_not_allowed", url=dashboard_url, action=action)
            return dashboard.NOT_ALLOWED
        url = dashboard.endpoint(dashboard_url, action)
        try:
            answer = await self.http.post(url, json=payload)
        except httpx.HTTPError as error:
            log.warning("dashboard_unavailable", url=url, error=type(error).__name__)
            return dashboard.UNAVAILABLE
        try:
            body = answer.json()
        except ValueError:
            body = None
        code = dashboard.error_code_of(answer.status_code, body)
        if code:
            log.info("dashboard_refused", url=url, status=answer.status_code, code=code)
        return code

    async def close(self) -> None:
        await self.http.aclose()
