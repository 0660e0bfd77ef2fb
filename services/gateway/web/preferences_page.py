"""The preferences page (/preferences): the email on file, the language of messages, and for each kind of
notification whether it comes by email and to the inbox; whether to accept mail from other users; whether to
appear on others' invitation lists (left out while the invitations service does not answer)."""
from fastapi import APIRouter, Request

from eventcenter.invitations.v1 import invitations_service_pb2 as iapi
from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web.forms import Problems, posted
from eventcenter.services.gateway.web.render import page, redirect
from eventcenter.services.kernel.logs import get_logger

router = APIRouter()
log = get_logger(__name__)
# The page never waits long for the invitations switch.
OPT_OUT_TIMEOUT_SECONDS = 2.0
# Sent with the form only when the page showed the switch: a form without it leaves the opt-out alone.
OPT_OUT_SHOWN = "invitations_shown"
SIGN_IN = "/auth/login?returnto=/preferences"
# Each kind: its form name and its label, in the order the page lists them.
KINDS = {
    napi.NOTIFICATION_KIND_REGISTRATION_CONFIRMATION: ("registration_confirmation", "web-kind-confirmation"),
    napi.NOTIFICATION_KIND_ORGANIZER_MESSAGE: ("organizer_message", "web-kind-organizer-message"),
    napi.NOTIFICATION_KIND_EVENT_CHANGED: ("event_changed", "web-kind-event-changed"),
    napi.NOTIFICATION_KIND_EVENT_CANCELLED: ("event_cancelled", "web-kind-event-cancelled"),
    napi.NOTIFICATION_KIND_WAITLIST_PROMOTED: ("waitlist_promoted", "web-kind-waitlist-promoted"),
    napi.NOTIFICATION_KIND_REMINDER: ("reminder", "web-kind-reminder"),
    napi.NOTIFICATION_KIND_INVITATION_LIST_READY: ("invitation_list_ready", "web-kind-invitation-list-ready"),
}


def _rows(preferences: napi.Preferences) -> list[dict]:
    chosen = {p.kind: p for p in preferences.kinds}
    return [{"name": name, "key": key, "email": chosen[kind].email if kind in chosen else True,
             "in_app": chosen[kind].in_app if kind in chosen else True} for kind, (name, key) in KINDS.items()]


async def _appear_on_invitation_lists(ctx: CallContext) -> bool | None:
    """None when invitations does not answer: the page then leaves out the switch."""
    try:
        answer = await ctx.invitations.GetInvitationOptOut(iapi.GetInvitationOptOutRequest(),
                                                           timeout=OPT_OUT_TIMEOUT_SECONDS)
    except ApiError as error:
        log.warning("invitation opt-out not shown", status=error.status, error=error.key)
        return None
    return not answer.opted_out


async def _show(request: Request, ctx: CallContext, status: int = 200, problems: Problems | None = None):
    contact = await ctx.notifications.GetContact(napi.GetContactRequest())
    preferences = await ctx.notifications.GetPreferences(napi.GetPreferencesRequest())
    return page(request, "preferences.html", status=status, contact=contact, rows=_rows(preferences),
                accept_user_mail=preferences.accept_user_mail,
                appear_on_invitation_lists=await _appear_on_invitation_lists(ctx),
                problems=problems or Problems())


async def _save_opt_out(ctx: CallContext, form) -> bool:
    """Saves the invitations switch if the page showed it; False when invitations did not answer."""
    if form.get(OPT_OUT_SHOWN) != "1":
        return True
    try:
        await ctx.invitations.SetInvitationOptOut(iapi.SetInvitationOptOutRequest(
            opted_out=form.get("appear_on_invitation_lists") != "1"), timeout=OPT_OUT_TIMEOUT_SECONDS)
    except ApiError as error:
        if error.status < 500:
            raise
        log.warning("invitation opt-out not saved", status=error.status, error=error.key)
        return False
    return True


@router.get("/preferences")
async def preferences_page(request: Request):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return redirect(SIGN_IN)
    return await _show(request, ctx)


@router.post("/preferences")
async def save_preferences(request: Request):
    """Every switch is in the form: a box left unchecked is a switch turned off."""
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return redirect(SIGN_IN)
    by_email, in_app = set(form.getlist("email")), set(form.getlist("in_app"))
    chosen = [napi.KindPreference(kind=kind, email=name in by_email, in_app=name in in_app)
              for kind, (name, _) in KINDS.items()]
    try:
        await ctx.notifications.UpdatePreferences(napi.UpdatePreferencesRequest(
            kinds=chosen, accept_user_mail=form.get("accept_user_mail") == "1"))
        await _save_language(ctx, str(form.get("language", ""))[:35])
        opt_out_saved = await _save_opt_out(ctx, form)
    except ApiError as error:
        if error.status >= 500 or error.status == 404:
            raise
        return await _show(request, ctx, error.status, Problems.from_error(error, ctx.language))
    sessions.flash(request, "web-flash-preferences-saved" if opt_out_saved
                   else "web-flash-preferences-saved-without-invitations")
    return redirect("/preferences")


async def _save_language(ctx: CallContext, language: str) -> None:
    """The contact keeps its email (the one on file, confirmed when it was recorded); only the language changes."""
    contact = await ctx.notifications.GetContact(napi.GetContactRequest())
    if language and language != contact.language:
        await ctx.notifications.UpdateContact(napi.UpdateContactRequest(
            email=contact.email, email_confirmed=bool(contact.email), language=language))
