"""POST /event_registration/{id}/email: an organizer's message to participants, handed to notifications.

`sent` counts who the mail really reaches: the participants addressed who have a confirmed email and accept
mail from other users (notifications knows; registration only knows who was addressed)."""
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.kernel.logs import get_logger

router = APIRouter(tags=["participants"])
log = get_logger(__name__)
COUNT_BATCH = 10_000  # the most ids CountReachable takes at once


class EmailBody(BaseModel):
    subject: str = Field(max_length=1000)
    message: str = Field(max_length=10_000)
    user_ids: list[int] | None = Field(default=None, max_length=10_000)
    invert_users: bool = False
    ccme: bool = False
    token: str | None = None


async def reachable(ctx: CallContext, sent: api.EmailParticipantsResponse) -> int:
    """How many of the addressed participants the mail reaches. The message is on its way already, so when
    notifications cannot say, the answer is the number addressed rather than an error inviting a resend."""
    ids = list(sent.recipient_user_ids)
    try:
        counts = [await ctx.notifications.CountReachable(napi.CountReachableRequest(
            user_ids=ids[start:start + COUNT_BATCH])) for start in range(0, len(ids), COUNT_BATCH)]
    except ApiError as error:
        log.warning("reachable participants not counted", status=error.status, error=error.key)
        return sent.recipients
    return sum(count.reachable for count in counts)


@router.post("/event_registration/{event_id}/email", status_code=202,
             responses={200: {"description": "No participant matched: nothing was sent."}})
async def email_participants(event_id: int, body: EmailBody, request: Request, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)
    everyone = not body.user_ids  # CampaignEvents: no ids means everyone, also when inverting
    try:
        sent = await ctx.registration.EmailParticipants(api.EmailParticipantsRequest(
            event_id=event_id, subject=body.subject, message=body.message, all=everyone,
            user_ids=[] if everyone else body.user_ids, invert_users=body.invert_users and not everyone,
            cc_sender=body.ccme))
    except ApiError as error:
        if error.status == 429:  # CampaignEvents answers its rate limit with 400 actionthrottledtext
            error.status = 400
        raise
    if not sent.recipients:
        return JSONResponse({"sent": 0}, status_code=200)
    return JSONResponse({"sent": await reachable(ctx, sent)}, status_code=202)
