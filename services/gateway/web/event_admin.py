"""Organizer pages of one event: close or reopen, delete, organizers, participants, email, statistics."""
from fastapi import APIRouter, Request

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.context import call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest import revisions
from eventcenter.services.gateway.rest.email import reachable
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web.event_page import may_organize, organized_event, organizers_of
from eventcenter.services.gateway.web.forms import Problems, edit_conflict, posted, posted_revision
from eventcenter.services.gateway.web.render import page, redirect

router = APIRouter()


def _with_status(event: pb.Event, status: int) -> api.UpdateEventRequest:
    event.status = status
    return api.UpdateEventRequest(event=event)


async def _set_status(request: Request, event_id: int, status: int, flash_key: str):
    """Only the status changes: written on the event as it is now, whatever else someone saved meanwhile."""
    ctx, _ = await posted(request)
    await organized_event(ctx, event_id)
    await revisions.edit_event(ctx, event_id, None, lambda current: _with_status(current, status))
    sessions.flash(request, flash_key)
    return redirect(f"/event/{event_id}")


@router.post("/event/{event_id}/close")
async def close_registration(event_id: int, request: Request):
    return await _set_status(request, event_id, pb.EVENT_STATUS_CLOSED, "web-flash-closed")


@router.post("/event/{event_id}/reopen")
async def reopen_registration(event_id: int, request: Request):
    return await _set_status(request, event_id, pb.EVENT_STATUS_OPEN, "web-flash-reopened")


@router.get("/event/{event_id}/delete")
async def delete_confirmation(event_id: int, request: Request):
    ctx = call_context(request)
    event, _ = await organized_event(ctx, event_id)
    return page(request, "event_delete.html", event=event)


@router.post("/event/{event_id}/delete")
async def delete_event(event_id: int, request: Request):
    ctx, _ = await posted(request)
    await ctx.registration.DeleteEvent(api.DeleteEventRequest(event_id=event_id))
    sessions.flash(request, "web-flash-deleted")
    return redirect("/my/events")


@router.get("/event/{event_id}/organizers")
async def organizers_page(event_id: int, request: Request):
    ctx = call_context(request)
    event, organizers = await organized_event(ctx, event_id)
    return page(request, "event_organizers.html", event=event, organizers=organizers, problems=Problems(),
                usernames="\n".join(o.user_name for o in organizers), revision=event.revision)


@router.post("/event/{event_id}/organizers")
async def set_organizers(event_id: int, request: Request):
    """Saved only over the list the form was shown with (the event's revision); else the list typed comes back."""
    ctx, form = await posted(request)
    usernames = [n.strip() for n in str(form.get("usernames", "")).splitlines() if n.strip()]
    shown = posted_revision(form)
    try:
        await ctx.registration.SetOrganizers(api.SetOrganizersRequest(
            event_id=event_id, organizer_usernames=usernames, expected_revision=shown))
    except ApiError as error:
        if error.status >= 500 or error.status == 404:
            raise
        event, organizers = await organized_event(ctx, event_id)
        conflict = revisions.conflict(error)
        return page(request, "event_organizers.html", status=409 if conflict else error.status, event=event,
                    organizers=organizers, usernames="\n".join(usernames),
                    problems=edit_conflict(ctx.language) if conflict else Problems.from_error(error, ctx.language),
                    revision=event.revision if conflict or shown is None else shown)
    sessions.flash(request, "web-flash-organizers-saved")
    return redirect(f"/event/{event_id}/organizers")


@router.get("/event/{event_id}/participants")
async def participants_page(event_id: int, request: Request, page_token: str = "", name: str = ""):
    """Everyone sees the public list and the private count; organizers also see private names and remove."""
    ctx = call_context(request)
    event = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    organizing = may_organize(ctx, await organizers_of(ctx, event_id))
    found = await ctx.registration.ListParticipants(api.ListParticipantsRequest(
        event_id=event_id, include_private=organizing, page_token=page_token, username_filter=name[:255]))
    waiting = []
    if organizing:
        waiting = (await ctx.registration.ListWaitlist(api.ListWaitlistRequest(event_id=event_id))).participants
    return page(request, "event_participants.html", event=event, organizing=organizing, found=found,
                waiting=waiting, name=name)


@router.post("/event/{event_id}/participants/remove")
async def remove_participants(event_id: int, request: Request):
    ctx, form = await posted(request)
    everyone = form.get("everyone") == "1"
    chosen = _chosen(form.getlist("user_ids"))
    if not everyone and not chosen:
        sessions.flash(request, "web-flash-nobody-chosen")
        return redirect(f"/event/{event_id}/participants")
    removed = await ctx.registration.RemoveParticipants(api.RemoveParticipantsRequest(
        event_id=event_id, all=everyone, user_ids=[] if everyone else chosen))
    sessions.flash(request, "web-flash-removed", count=removed.public + removed.private)
    return redirect(f"/event/{event_id}/participants")


def _chosen(values: list[str]) -> list[int]:
    return [int(u) for u in values if u.isdecimal()][:10_000]


@router.get("/event/{event_id}/email")
async def email_form(event_id: int, request: Request):
    """Everyone, or the participants chosen on the participants page."""
    ctx = call_context(request)
    event, _ = await organized_event(ctx, event_id)
    return page(request, "event_email.html", event=event, problems=Problems(), values={},
                recipients=_chosen(request.query_params.getlist("user_ids")))


@router.post("/event/{event_id}/email")
async def email_participants(event_id: int, request: Request):
    ctx, form = await posted(request)
    values = {"subject": str(form.get("subject", "")), "message": str(form.get("message", "")),
              "ccme": bool(form.get("ccme"))}
    recipients = _chosen(form.getlist("user_ids"))
    try:
        sent = await ctx.registration.EmailParticipants(api.EmailParticipantsRequest(
            event_id=event_id, subject=values["subject"][:1000], message=values["message"][:10_000],
            all=not recipients, user_ids=recipients, cc_sender=values["ccme"]))
    except ApiError as error:
        if error.status >= 500 or error.status == 404:
            raise
        event, _ = await organized_event(ctx, event_id)
        return page(request, "event_email.html", status=error.status, event=event, values=values,
                    recipients=recipients, problems=Problems.from_error(error, ctx.language))
    sessions.flash(request, "web-flash-email-sent", count=await reachable(ctx, sent))
    return redirect(f"/event/{event_id}")


@router.get("/event/{event_id}/statistics")
async def statistics_page(event_id: int, request: Request):
    ctx = call_context(request)
    event, _ = await organized_event(ctx, event_id)
    try:
        statistics = await ctx.registration.GetResponseStatistics(
            api.GetResponseStatisticsRequest(event_id=event_id)
        )
    except ApiError as error:
        if error.status != 400:  # not ended yet: the page says so
            raise
        statistics = None
    return page(request, "event_statistics.html", event=event, statistics=statistics)
