"""What organizers and operators ask of the service: how many people an organizer's message would reach, and the
delivery log (operators only)."""
from dataclasses import dataclass

from eventcenter.services.kernel.errors import PermissionDenied, invalid
from eventcenter.services.kernel.id_pages import after_id, page_size, page_token
from eventcenter.services.notifications.domain import kinds
from eventcenter.services.notifications.service_layer.unit_of_work import Work

MAX_IDS = 10_000
MAX_PAGE, DEFAULT_PAGE = 1000, 100


async def reachable(work: Work, user_ids: list[int]) -> list[int]:
    """Those of these users an organizer's message would reach by email."""
    if len(user_ids) > MAX_IDS:
        raise invalid("user_ids", "violation-too-many-ids", max=MAX_IDS)
    return await work.contacts.reachable_by_email(list(set(user_ids)), kinds.ORGANIZER_MESSAGE, user_mail=True)


@dataclass(frozen=True)
class LogPage:
    deliveries: list  # newest first, at most the page's size
    next_token: str  # "" on the last page
    state_counts: dict[str, int]


async def delivery_log(work: Work, is_admin: bool, state: str | None, user_id: int, event_id: int, token: str,
                       size: int) -> LogPage:
    """`state` "" for every state, None for one the caller named but that does not exist; `user_id`, `event_id`
    0 for everyone's, every event's."""
    if not is_admin:
        raise PermissionDenied("ADMIN_REQUIRED", "error-admin-required")
    size = page_size(size, DEFAULT_PAGE, MAX_PAGE)
    if state is None:
        raise invalid("state", "violation-state-unknown")
    rows = await work.deliveries.log_page(state, user_id, event_id, after_id(token), size + 1)
    shown = rows[:size]
    return LogPage(shown, page_token(shown[-1].id) if len(rows) > size else "", await work.deliveries.state_counts())
