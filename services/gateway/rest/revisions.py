"""Revisions over HTTP: a GET answers an `ETag` naming the revision of what a PUT replaces; a PUT may send it back
in `If-Match` and is then refused (412) when someone else saved meanwhile. Without If-Match (CampaignEvents tools)
a PUT still replaces; an event, which the gateway reads to keep what a CampaignEvents body does not carry, is
written with the revision it read, so what the caller did not send is never put back as it was before."""
import re
from collections.abc import Awaitable, Callable

from fastapi import Header

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.context import CallContext
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.kernel.revisions import REASON

# Reads and writes of an event that keeps changing meanwhile, before its last refusal is answered.
ATTEMPTS = 3
_ENTITY_TAG = re.compile(r'(W/)?"([^"]*)"')
_MAX_REVISION = 2**63 - 1

IF_MATCH = Header(default=None, max_length=1000, description=(
    'The ETag a GET answered ("12"), or *: the change is refused with 412 when the resource is at another '
    "revision by then, and nothing changes. Without it the PUT replaces whatever is there."))
ETAG = {"ETag": {"description": 'The revision of what PUT replaces, as a strong entity tag ("12")',
                 "schema": {"type": "string"}}}
READ = {200: {"description": "Successful Response", "headers": ETAG}}
CONDITIONAL = {412: {"description": "If-Match names another revision: someone else saved meanwhile. Nothing "
                                    "changed; read again and make the change on the newest version."}}


def etag(revision: int) -> str:
    return f'"{revision}"'


def wanted(if_match: str | None) -> frozenset[int] | None:
    """The revisions an If-Match header accepts; None for no header or `*` (no check). Tags are compared as RFC 9110
    has If-Match compare them, strongly: a weak tag (W/"12") names no revision, nor does one that is not ours."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = set()
    for weak, tag in _ENTITY_TAG.findall(if_match):
        if not weak and tag.isdecimal() and tag.isascii() and int(tag) <= _MAX_REVISION:
            found.add(int(tag))
    return frozenset(found)


def expected_for(tags: frozenset[int] | None, current: int) -> int | None:
    """The revision to name to the service: the current one when a tag matches it, else one the caller sent, which
    the service refuses (after its own checks: who may change the resource comes first)."""
    if tags is None:
        return None
    return current if current in tags else min(tags)


def _unusable(ctx: CallContext) -> ApiError:
    return ctx.error(412, "gateway-error-if-match-unusable")


async def expected_revision(ctx: CallContext, if_match: str | None,
                            current: Callable[[], Awaitable[int]]) -> int | None:
    """For a PUT the gateway does not read first: one tag is sent as it is, several are matched against `current`."""
    tags = wanted(if_match)
    if tags is not None and not tags:
        raise _unusable(ctx)
    if tags is None or len(tags) == 1:
        return None if tags is None else next(iter(tags))
    return expected_for(tags, await current())


def conflict(error: ApiError) -> bool:
    return error.reason == REASON


async def edit_event(ctx: CallContext, event_id: int, tags: frozenset[int] | None,
                     change: Callable[[pb.Event], api.UpdateEventRequest]) -> pb.Event:
    """Reads the event, makes the request from it (`change`) and writes it naming the revision read. With `tags` (an
    If-Match, a form's revision) a revision changed meanwhile is refused (412); without, the change is made again
    on the newest event, so that what the caller did not send is kept as it is now."""
    if tags is not None and not tags:
        raise _unusable(ctx)
    for attempt in range(1, ATTEMPTS + 1):
        existing = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
        request = change(existing)
        request.expected_revision = existing.revision if tags is None else expected_for(tags, existing.revision)
        try:
            return await ctx.registration.UpdateEvent(request)
        except ApiError as error:
            if not conflict(error) or tags is not None or attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
