"""Who may create an invitation list (docs/rules.md "Invitation lists"): a signed-in organizer who is not
blocked; for a list tied to an event, one of that event's organizers, while the event has not ended."""
from eventcenter.services.kernel.errors import FailedPrecondition, NotFound, PermissionDenied
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity


def check_may_create_lists(caller: Identity) -> None:
    if not caller.has(RIGHT_ORGANIZER):
        raise PermissionDenied("ORGANIZER_REQUIRED", "error-organizer-required")
    if caller.blocked:
        raise PermissionDenied("USER_BLOCKED", "error-list-creator-blocked")


def check_event_found(event_id: int, found: bool) -> None:
    """`found`: registration knows the event and it is not deleted."""
    if not found:
        raise NotFound("EVENT_NOT_FOUND", "error-list-event-not-found", event_id=event_id)


def check_may_list_for_event(caller: Identity, event_id: int, organizer_ids: set[int], ended: bool) -> None:
    if caller.user_id not in organizer_ids:
        raise PermissionDenied("NOT_AN_ORGANIZER", "error-not-your-event", event_id=event_id)
    if ended:
        raise FailedPrecondition("EVENT_ENDED", "error-list-event-ended", event_id=event_id)
