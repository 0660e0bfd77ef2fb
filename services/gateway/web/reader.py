"""Who reads a page, as the registration service knows them: the rights of their sign-in, those an administrator
granted or revoked there, and a block (`CallContext.reader`). A page offers only what its reader may do (the
Register button, the organizer links and forms); the services still decide every write.

Kept apart from the identity the gateway sends to the services: that stays what the sign-in said, so that a
right granted or revoked here is never recorded as one of the sign-in's."""
from fastapi import Request

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import STANDING, CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity, Standing
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
# A page never waits long for this: without an answer it goes by the sign-in alone.
STANDING_TIMEOUT_SECONDS = 1.0


async def reader_standing(request: Request) -> None:
    """Route dependency: the reader's standing, for every call_context of the request."""
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return
    try:
        stored = await ctx.registration.GetUser(api.GetUserRequest(user_id=ctx.identity.user_id),
                                                timeout=STANDING_TIMEOUT_SECONDS)
    except ApiError as error:  # 404: someone registration has not met yet, with nothing granted or blocked
        if error.status != 404:
            log.debug("reader standing unknown", status=error.status, error=error.key)
        return
    standing = Standing(frozenset(stored.rights), frozenset(stored.revoked_rights), stored.blocked)
    setattr(request.state, STANDING, ctx.identity.with_standing(standing))


def may_organize_events(reader: Identity) -> bool:
    """Offered the forms that create events and campaigns: the organizer right, and no block."""
    return reader.has(RIGHT_ORGANIZER) and not reader.blocked


def require_organizer_standing(ctx: CallContext) -> None:
    """A creation form for someone who may not create: said up front, not after they filled it in."""
    if ctx.reader.blocked:
        raise ctx.error(403, "web-blocked-cannot-organize")
    if not ctx.reader.has(RIGHT_ORGANIZER):
        raise ctx.error(403, "web-organizer-right-needed")


def reader(request: Request) -> Identity:
    """The page's reader with their stored rights and block (the sign-in alone where nothing asked)."""
    return call_context(request).reader
