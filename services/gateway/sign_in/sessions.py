"""Browser sessions: a signed, HttpOnly, SameSite cookie (Starlette's SessionMiddleware) holding the
caller's access token and the session's CSRF token. Nothing else about the person is kept in it."""
import secrets

from fastapi import Request

from eventcenter.services.gateway.access import issue_access_token, read_access_token
from eventcenter.services.kernel.identity import Identity

COOKIE = "eventcenter_session"
TOKEN, CSRF, RETURN_TO, FLASH = "token", "csrf", "returnto", "flash"


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
    if returnto:
        request.session[RETURN_TO] = returnto


def end(request: Request) -> None:
    request.session.clear()


def identity(request: Request) -> Identity | None:
    """The signed-in person, or None (no session, or its token expired)."""
    token = _session(request).get(TOKEN)
    if not token:
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
