"""POST /event_registration/{id}/email: an organizer's message to participants, handed to notifications."""
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest.csrf import check_csrf

router = APIRouter(tags=["participants"])


class EmailBody(BaseModel):
    subject: str = Field(max_length=1000)
    message: str = Field(max_length=10_000)
    user_ids: list[int] | None = Field(default=None, max_length=10_000)
    invert_users: bool = False
    ccme: bool = False
    token: str | None = None


@router.post("/event_registration/{event_id}/email", status_code=202,
             responses={200: {"description": "No participant matched: nothing was sent."}})
async def email_participants(event_id: int, body: EmailBody, request: Request, ctx: CallContext = Context):
    check_csrf(request, body.token, ctx.language)
    everyone = not body.user_ids  # CampaignEvents: no ids means everyone, also when inverting
    try:
        sent = await ctx.registration("EmailParticipants", api.EmailParticipantsRequest(
            event_id=event_id, subject=body.subject, message=body.message, all=everyone,
            user_ids=[] if everyone else body.user_ids, invert_users=body.invert_users and not everyone,
            cc_sender=body.ccme))
    except ApiError as error:
        if error.status == 429:  # CampaignEvents answers its rate limit with 400 actionthrottledtext
            error.status = 400
        raise
    return JSONResponse({"sent": sent.recipients}, status_code=202 if sent.recipients else 200)
