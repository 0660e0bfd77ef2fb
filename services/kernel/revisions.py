"""Optimistic concurrency for whole-resource replaces: an update may name the revision it was made from, and is
refused, changing nothing, when the resource has moved on since (someone else saved meanwhile)."""
from google.protobuf.message import Message

from eventcenter.services.kernel.errors import Aborted

REASON = "REVISION_CHANGED"


def expected_of(request: Message) -> int | None:
    """The request's expected_revision, None when the caller named none (no check)."""
    return request.expected_revision if request.HasField("expected_revision") else None


def changed(expected: int, current: int) -> Aborted:
    """ABORTED as gRPC has it for a failed test-and-set: read again, then change the newest version."""
    return Aborted(REASON, "error-revision-changed", expected_revision=expected, current_revision=current)


def require_revision(expected: int | None, current: int) -> None:
    """Checked against the revision read under the row's lock (or in the statement that writes), never before."""
    if expected is not None and expected != current:
        raise changed(expected, current)
