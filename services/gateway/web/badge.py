"""The unread count in every page's header: one small inbox call before the page; left out when the reader is
anonymous or notifications does not answer in time, never an error."""
from fastapi import Request

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.services.gateway.context import call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
# A page never waits long for its badge.
BADGE_TIMEOUT_SECONDS = 1.0
UNREAD = "unread_count"


async def unread_badge(request: Request) -> None:
    """Route dependency: sets request.state.unread_count (None: no badge)."""
    show_unread(request, None)
    try:
        ctx = call_context(request)
        if ctx.identity.anonymous:
            return
        answer = await ctx.notifications.ListInboxItems(napi.ListInboxItemsRequest(page_size=1),
                                                        timeout=BADGE_TIMEOUT_SECONDS)
    except ApiError as error:
        log.debug("no unread badge", status=error.status, error=error.key)
        return
    show_unread(request, answer.unread_count)


def show_unread(request: Request, count: int | None) -> None:
    setattr(request.state, UNREAD, count)


def unread_count(request: Request) -> int | None:
    return getattr(request.state, UNREAD, None)
