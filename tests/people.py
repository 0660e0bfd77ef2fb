"""Test people with random ids (no table is ever truncated) and their signed tokens."""
import itertools
import random
import uuid

from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER, Identity, bearer_metadata, issue_token

_ids = itertools.count(random.randint(10**9, 2 * 10**9) * 1000)


def person(rights: set[str] | None = None, blocked: bool = False, name: str | None = None) -> Identity:
    user_id = next(_ids)
    return Identity(user_id, name or f"User {uuid.uuid4().hex[:10]}", frozenset(rights or ()), blocked)


def organizer(**kw) -> Identity:
    return person({RIGHT_ORGANIZER}, **kw)


def admin() -> Identity:
    return person({RIGHT_ADMIN})


def md(identity: Identity) -> tuple:
    from tests.conftest import SECRET

    return bearer_metadata(issue_token(identity, SECRET))
