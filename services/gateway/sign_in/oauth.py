"""Sign-in with a MediaWiki OAuth 2.0 provider: authorization code with PKCE (S256), then the profile.

Endpoints follow Extension:OAuth under the provider's rest.php: /oauth2/authorize, /oauth2/access_token,
/oauth2/resource/profile."""
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, Depends, Form, Request

from eventcenter.services.gateway.language import language_of
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.gateway.settings import GatewaySettings
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.sign_in.contact import record_sign_in
from eventcenter.services.gateway.sign_in.profile import ProfileError, from_profile
from eventcenter.services.gateway.sign_in.signed_out import SignOutUnavailable
from eventcenter.services.gateway.web.render import mark_html, page, redirect
from eventcenter.services.kernel.logs import get_logger

router = APIRouter(prefix="/auth", tags=["sign-in"], dependencies=[Depends(mark_html)])
log = get_logger(__name__)
PROVIDER = "mediawiki"


def oauth_client(settings: GatewaySettings):
    """The provider's client, or None when sign-in through a wiki is not configured."""
    if not settings.oauth_configured:
        return None
    base = settings.oauth_provider_url.rstrip("/")
    oauth = OAuth()
    oauth.register(PROVIDER, client_id=settings.oauth_client_id,
                   client_secret=settings.oauth_client_secret.get_secret_value() or None,
                   authorize_url=f"{base}/oauth2/authorize", access_token_url=f"{base}/oauth2/access_token",
                   api_base_url=f"{base}/", client_kwargs={"code_challenge_method": "S256"})
    return oauth.create_client(PROVIDER)


@router.get("/login")
async def login(request: Request, returnto: str | None = None):
    settings = request.app.state.settings
    sessions.remember_return(request, returnto)
    client = request.app.state.oauth
    if client is None:
        if settings.dev_sign_in_served:
            return redirect("/dev/login")
        return page(request, "error.html", status=503, message_key="web-sign-in-not-configured")
    callback = settings.oauth_redirect_url or str(request.url_for("oauth_callback"))
    return await client.authorize_redirect(request, callback)


@router.get("/callback", name="oauth_callback")
async def callback(request: Request):
    client = request.app.state.oauth
    if client is None:
        return page(request, "error.html", status=404, message_key="web-sign-in-not-configured")
    try:
        token = await client.authorize_access_token(request)
        answer = await client.get("oauth2/resource/profile", token=token)
        answer.raise_for_status()
        user = from_profile(answer.json())
    except (OAuthError, ProfileError, ValueError) as error:
        log.warning("sign-in failed", error=str(error))
        return page(request, "error.html", status=400, message_key="web-sign-in-failed")
    except Exception as error:  # the provider is down or answered nonsense: say so, never a stack trace
        log.warning("sign-in provider unreachable", error=repr(error))
        return page(request, "error.html", status=502, message_key="web-sign-in-provider-down")
    await record_sign_in(request, user.identity, user.email)
    sessions.start(request, user.identity)
    sessions.flash(request, "web-signed-in-as", name=user.identity.name)
    return redirect(sessions.take_return(request))


@router.post("/logout")
async def logout(request: Request, token: str = Form(default="")):
    check_csrf(request, token, language_of(request))
    try:
        await sessions.end(request)
    except SignOutUnavailable as error:
        # Said, not hidden: signed out in this browser only, a copy of the cookie would still work.
        log.warning("sign-out not recorded", error=str(error))
        return page(request, "error.html", status=503, message_key="web-sign-out-unavailable")
    return redirect("/")


@router.get("/session", tags=["sign-in"])
async def session_info(request: Request) -> dict:
    """For scripts in a signed-in browser: who they are and the CSRF token their writes need."""
    identity = sessions.identity(request)
    if identity is None:
        return {"signed_in": False}
    return {"signed_in": True, "user_id": identity.user_id, "username": identity.name,
            "csrf_token": sessions.csrf_token(request)}
