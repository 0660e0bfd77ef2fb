"""Dev sign-in: anyone may be anyone. Only mounted when EVENTCENTER_DEV_SIGN_IN is on (never in production)."""
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from eventcenter.services.gateway.access import dev_user_id, issue_access_token, rights_from_groups
from eventcenter.services.kernel.identity import Identity

router = APIRouter(prefix="/dev", tags=["development"])


class DevTokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=255)
    groups: list[str] = Field(default_factory=list, max_length=20)
    blocked: bool = False


class DevTokenResponse(BaseModel):
    access_token: str
    user_id: int


@router.post("/token", response_model=DevTokenResponse)
async def dev_token(body: DevTokenRequest, request: Request) -> DevTokenResponse:
    settings = request.app.state.settings
    name = body.username.strip()
    identity = Identity(dev_user_id(name), name, rights_from_groups(body.groups), body.blocked)
    token = issue_access_token(identity, settings.session_secret.get_secret_value(), settings.access_token_ttl_seconds)
    return DevTokenResponse(access_token=token, user_id=identity.user_id)
