"""Who may do what (docs/rules.md "People and rights")."""
from eventcenter.services.kernel.errors import PermissionDenied
from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER, Identity


def require_signed_in(caller: Identity) -> None:
    if caller.anonymous:
        raise PermissionDenied("SIGN_IN_REQUIRED", "error-sign-in-required")


def require_not_blocked(caller: Identity) -> None:
    require_signed_in(caller)
    if caller.blocked:
        raise PermissionDenied("USER_BLOCKED", "error-blocked")


def require_organizer_right(caller: Identity) -> None:
    require_not_blocked(caller)
    if not caller.has(RIGHT_ORGANIZER):
        raise PermissionDenied("ORGANIZER_RIGHT_REQUIRED", "error-organizer-right-required")


def require_event_organizer(caller: Identity, organizer_ids: set[int], event_id: int) -> None:
    """Editing an event needs the right, no block, and being one of its organizers."""
    require_organizer_right(caller)
    if caller.user_id not in organizer_ids:
        raise PermissionDenied("NOT_AN_ORGANIZER", "error-not-organizer", event_id=event_id)


def require_admin(caller: Identity) -> None:
    require_signed_in(caller)
    if not caller.has(RIGHT_ADMIN):
        raise PermissionDenied("ADMIN_RIGHT_REQUIRED", "error-admin-required")


def require_acting_admin(caller: Identity) -> None:
    """Admin actions that change what others may do (freeing a deleted event's page): the right and no block."""
    require_admin(caller)
    require_not_blocked(caller)


def organizes(caller: Identity, organizer_ids: set[int]) -> bool:
    """Listed as one of the event's organizers (whatever their rights now)."""
    return caller.user_id in organizer_ids and not caller.anonymous


def may_edit(caller: Identity, organizer_ids: set[int]) -> bool:
    """CampaignEvents' "can edit": one of the event's organizers, who still holds the right and is not blocked. What
    only organizers see (the passcode, private participants, answers) follows it, not the list alone."""
    return organizes(caller, organizer_ids) and caller.has(RIGHT_ORGANIZER) and not caller.blocked


def _acting_admin(caller: Identity) -> bool:
    return caller.has(RIGHT_ADMIN) and not caller.blocked


def may_see_private(caller: Identity, organizer_ids: set[int]) -> bool:
    return may_edit(caller, organizer_ids) or _acting_admin(caller)


def may_see_links(caller: Identity, organizer_ids: set[int], takes_part: bool) -> bool:
    """Meeting and chat links: for the event's organizers and its participants with a place, never for someone
    blocked (docs/rules.md; CampaignEvents' GetEventRegistrationHandler)."""
    return not caller.blocked and (organizes(caller, organizer_ids) or takes_part)


def may_delete(caller: Identity, organizer_ids: set[int]) -> bool:
    return may_edit(caller, organizer_ids) or _acting_admin(caller)
