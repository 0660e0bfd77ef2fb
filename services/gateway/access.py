"""Gateway access tokens (API clients and browser sessions), and wiki groups as rights."""
import hashlib
import time

import jwt
from fastapi import Request

from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER, Identity

AUDIENCE = "eventcenter-gateway"
ALGORITHM = "HS256"
# Wiki groups that become Event Center rights.
GROUP_RIGHTS = {"event-organizer": RIGHT_ORGANIZER, "sysop": RIGHT_ADMIN}


def rights_from_groups(groups: list[str]) -> frozenset[str]:
    return frozenset(GROUP_RIGHTS[g] for g in groups if g in GROUP_RIGHTS)


def issue_access_token(identity: Identity, secret: str, ttl_seconds: int) -> str:
    now = int(time.time())
    claims = {"sub": str(identity.user_id), "name": identity.name, "rights": sorted(identity.rights),
              "blocked": identity.blocked, "iat": now, "exp": now + ttl_seconds, "aud": AUDIENCE}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(token: str, secret: str) -> Identity | None:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], audience=AUDIENCE,
                            options={"require": ["exp", "sub", "aud"]})
        return Identity(int(claims["sub"]), str(claims["name"]), frozenset(claims.get("rights", [])),
                        bool(claims.get("blocked", False)))
    except (jwt.PyJWTError, ValueError, KeyError, TypeError):
        return None


def dev_user_id(username: str) -> int:
    """A stable id per dev username, so a person keeps their registrations across sign-ins."""
    return 10_000_000 + int.from_bytes(hashlib.sha256(username.encode()).digest()[:5], "big")


def bearer_identity(request: Request) -> Identity | None:
    """The identity of the request's bearer token (None when absent or invalid), read once per request: the
    rate limits and the route both ask."""
    if "eventcenter.bearer" not in request.scope:
        token = bearer(request)
        request.scope["eventcenter.bearer"] = token and read_access_token(
            token, request.app.state.settings.session_secret.get_secret_value())
    return request.scope["eventcenter.bearer"]


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
