"""If-Match as the gateway reads it (RFC 9110's strong comparison), and the event's read-then-write."""
import asyncio

import pytest

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest import revisions


@pytest.mark.parametrize("header, tags", [
    (None, None), ("*", None), (" * ", None),
    ('"12"', {12}), ('"3", "12"', {3, 12}), ('W/"12"', set()), ('W/"3", "4"', {4}),
    ("12", set()), ('"abc"', set()), ('"١٢"', set()), ('""', set()), (f'"{2**63}"', set()),
])
def test_if_match_names_strong_numeric_tags_only(header, tags):
    found = revisions.wanted(header)
    assert found == (None if tags is None else frozenset(tags))


def test_an_etag_is_a_strong_tag_of_the_revision():
    assert revisions.etag(7) == '"7"' and revisions.wanted(revisions.etag(7)) == {7}


@pytest.mark.parametrize("tags, current, expected", [
    (None, 5, None), (frozenset({5}), 5, 5), (frozenset({3, 5}), 5, 5), (frozenset({3, 4}), 5, 3),
])
def test_the_revision_named_to_the_service_is_the_current_one_only_when_a_tag_matches(tags, current, expected):
    assert revisions.expected_for(tags, current) == expected


class Stale:
    """A registration that moved on `conflicts` times between the gateway's read and its write."""

    def __init__(self, conflicts: int) -> None:
        self.conflicts, self.revision, self.language = conflicts, 1, "en"
        self.written: list[api.UpdateEventRequest] = []
        self.registration = self  # the routes call ctx.registration.GetEvent(...), .UpdateEvent(...)

    async def GetEvent(self, request: api.GetEventRequest) -> pb.Event:
        return pb.Event(id=request.event_id, revision=self.revision, passcode="kept")

    async def UpdateEvent(self, request: api.UpdateEventRequest) -> pb.Event:
        self.written.append(request)
        if self.conflicts:
            self.conflicts -= 1
            self.revision += 1
            raise ApiError(412, "eventcenter-revision-changed", {"en": "changed"}, reason="REVISION_CHANGED")
        return request.event

    def error(self, status, key, **params):
        return ApiError.translated(status, key, self.language, **params)


def _edit(ctx, tags):
    return asyncio.run(revisions.edit_event(ctx, 9, tags, lambda existing: api.UpdateEventRequest(event=existing)))


def test_without_if_match_the_change_is_made_again_on_the_newest_event():
    ctx = Stale(conflicts=2)
    assert _edit(ctx, None).revision == 3
    assert [r.expected_revision for r in ctx.written] == [1, 2, 3]


def test_without_if_match_an_event_that_keeps_changing_is_refused_after_three_tries():
    ctx = Stale(conflicts=5)
    with pytest.raises(ApiError) as caught:
        _edit(ctx, None)
    assert caught.value.status == 412 and len(ctx.written) == revisions.ATTEMPTS


def test_with_if_match_a_conflict_is_answered_at_once():
    ctx = Stale(conflicts=1)
    with pytest.raises(ApiError) as caught:
        _edit(ctx, frozenset({1}))
    assert caught.value.status == 412 and [r.expected_revision for r in ctx.written] == [1]


def test_an_if_match_that_matches_nothing_names_a_stale_revision_to_the_service():
    ctx = Stale(conflicts=0)
    _edit(ctx, frozenset({4, 6}))
    assert [r.expected_revision for r in ctx.written] == [4]


def test_an_if_match_with_no_usable_tag_is_412_before_any_call():
    ctx = Stale(conflicts=0)
    with pytest.raises(ApiError) as caught:
        _edit(ctx, frozenset())
    assert (caught.value.status, caught.value.key) == (412, "gateway-error-if-match-unusable") and not ctx.written
