"""At sign-in, tells the services who signed in: registration keeps their name and the rights of this sign-in
(so others can name them as organizers), notifications how to reach them (the email the sign-in confirmed, and
the language of the page they signed in from). A service being down or refusing never stops anyone signing in."""
from fastapi import Request

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext, context_as
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
# The email pattern dev sign-in accepts (notifications checks the address again).
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"


async def record_sign_in(request: Request, identity: Identity, email: str | None) -> None:
    ctx = context_as(request, identity)
    try:
        await ctx.registration.RecordSignIn(api.RecordSignInRequest())
    except ApiError as error:
        log.warning("sign-in not recorded", user_id=identity.user_id, status=error.status, error=error.key)
    await _record_contact(ctx, email)


async def _record_contact(ctx: CallContext, email: str | None) -> None:
    """No email (none confirmed) clears the one on file, as the sign-in is the source of truth. The page's
    language is only a first guess: once a contact exists, its language is the one the person chose."""
    try:
        known = (await ctx.notifications.GetContact(napi.GetContactRequest())).HasField("update_time")
        await _update(ctx, email or "", "" if known else ctx.language)
    except ApiError as error:
        log.warning("contact not recorded at sign-in", user_id=ctx.identity.user_id, status=error.status,
                    error=error.key)


async def _update(ctx: CallContext, email: str, language: str) -> None:
    request = napi.UpdateContactRequest(email=email, email_confirmed=bool(email), language=language)
    try:
        await ctx.notifications.UpdateContact(request)
    except ApiError as error:
        refused = {v["field"] for v in error.details.get("fieldViolations", [])}
        if error.status != 400 or "language" not in refused:
            raise
        # A page language notifications has no catalog for: keep the email, and its language.
        await ctx.notifications.UpdateContact(napi.UpdateContactRequest(email=email, email_confirmed=bool(email)))
