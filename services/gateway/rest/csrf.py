"""CSRF for writes (as CampaignEvents): bearer-token clients are exempt; others must send the session's token."""
import hmac

from fastapi import Request

from eventcenter.services.gateway.access import bearer
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.sign_in import sessions


def check_csrf(request: Request, submitted: str | None, language: str) -> None:
    if bearer(request):
        return
    expected = sessions.expected_csrf(request)
    if not submitted or not expected or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise ApiError.translated(403, "rest-badtoken", language)
