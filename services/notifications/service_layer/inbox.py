"""The in-app inbox: a person's own items, a page at a time, and marking them read."""
from dataclasses import dataclass

from eventcenter.services.kernel.errors import invalid
from eventcenter.services.kernel.id_pages import after_id, page_size, page_token
from eventcenter.services.notifications.service_layer.unit_of_work import Work

MAX_IDS = 10_000
MAX_PAGE, DEFAULT_PAGE = 100, 20


@dataclass(frozen=True)
class InboxPage:
    items: list  # newest first, at most the page's size
    unread: int
    next_token: str  # "" on the last page


async def inbox_page(work: Work, user_id: int, token: str, size: int, unread_only: bool) -> InboxPage:
    """From the page `token` names (or the newest), `size` items (0: the default size)."""
    size = page_size(size, DEFAULT_PAGE, MAX_PAGE)
    rows = await work.inbox.page(user_id, after_id(token), size + 1, unread_only)
    unread = await work.inbox.unread_count(user_id)
    shown = rows[:size]
    return InboxPage(shown, unread, page_token(shown[-1].id) if len(rows) > size else "")


@dataclass(frozen=True)
class Marked:
    marked: int
    unread: int


async def mark_read(work: Work, user_id: int, ids: list[int], every: bool) -> Marked:
    """Marks the caller's own items (others' ids are ignored), or all of them."""
    if not every and not ids:
        raise invalid("ids", "violation-ids-or-all")
    if len(ids) > MAX_IDS:
        raise invalid("ids", "violation-too-many-ids", max=MAX_IDS)
    marked = await work.inbox.mark_read(user_id, None if every else ids, work.now)
    return Marked(marked, await work.inbox.unread_count(user_id))
