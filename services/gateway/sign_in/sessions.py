"""Browser sessions: a signed, HttpOnly, SameSite cookie (Starlette's SessionMiddleware) holding the
caller's access token, the session's CSRF token and its id. Nothing else about the person is kept in it.

Signing out records the id as ended for every gateway replica (signed_out.py), so a copy of the cookie stops
working too; a session without an id (made before sessions had one) is not honoured."""
import secrets

from fastapi import Request

from eventcenter.services.gateway.access import issue_access_token, read_access_token
from eventcenter.services.kernel.identity import Identity

COOKIE = "eventcenter_session"
TOKEN, CSRF, RETURN_TO, FLASH, SESSION_ID = "token", "csrf", "returnto", "flash", "sid"


def _session(request: Request) -> dict:
    return request.session if "session" in request.scope else {}


def start(request: Request, identity: Identity) -> None:
    """A fresh session (new CSRF token) for the person who just signed in."""
    settings = request.app.state.settings
    returnto = _session(request).get(RETURN_TO)
    request.session.clear()
    request.session[TOKEN] = issue_access_token(identity, settings.session_secret.get_secret_value(),
                                                settings.access_token_ttl_seconds)
    request.session[CSRF] = secrets.token_urlsafe(32)
    request.session[SESSION_ID] = secrets.token_urlsafe(24)
    if returnto:
        request.session[RETURN_TO] = returnto


async def end(request: Request) -> None:
    """Signs out: the session ends for every copy of its cookie (signed_out.SignOutUnavailable when that could
    not be recorded; the session then goes on)."""
    session_id = _session(request).get(SESSION_ID)
    if session_id and _session(request).get(TOKEN):
        await request.app.state.signed_out.end(session_id)
    request.session.clear()


def identity(request: Request) -> Identity | None:
    """The signed-in person, or None (no session, its token expired, or it was signed out)."""
    session = _session(request)
    token, session_id = session.get(TOKEN), session.get(SESSION_ID)
    if not token or not session_id or request.app.state.signed_out.has_ended(session_id):
        return None
    return read_access_token(token, request.app.state.settings.session_secret.get_secret_value())


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use so that anonymous forms (sign-in) have one too."""
    session = _session(request)
    if "session" in request.scope and CSRF not in session:
        session[CSRF] = secrets.token_urlsafe(32)
    return session.get(CSRF, "")


def expected_csrf(request: Request) -> str | None:
    return _session(request).get(CSRF)


def remember_return(request: Request, path: str | None) -> None:
    request.session[RETURN_TO] = safe_local_path(path)


def take_return(request: Request) -> str:
    return safe_local_path(request.session.pop(RETURN_TO, None))


def safe_local_path(path: str | None) -> str:
    """Only paths on this site: never an open redirect to somewhere else."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or "\n" in path:
        return "/"
    return path


def flash(request: Request, key: str, **params: object) -> None:
    """A message shown once on the next page (after a redirect)."""
    request.session[FLASH] = {"key": key, "params": {k: str(v) for k, v in params.items()}}


def take_flash(request: Request) -> dict | None:
    return _session(request).pop(FLASH, None)
