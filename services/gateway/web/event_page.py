"""The event page: what, when, where, who organizes; register, change or cancel; the public participants."""
from fastapi import APIRouter, Request

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.context import CallContext, call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web.forms import Problems, posted, require_sign_in
from eventcenter.services.gateway.web.render import page, redirect
from eventcenter.services.gateway.web.times import TIMEZONE_COOKIE, shown_times, viewer_zone
from eventcenter.services.kernel.identity import RIGHT_ADMIN, RIGHT_ORGANIZER

router = APIRouter()
PARTICIPATION_KEYS = {pb.PARTICIPATION_OPTIONS_ONLINE: "web-participation-online",
                      pb.PARTICIPATION_OPTIONS_IN_PERSON: "web-participation-in-person",
                      pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON: "web-participation-hybrid"}


async def own_registration(ctx: CallContext, event_id: int) -> pb.Registration | None:
    if ctx.identity.anonymous:
        return None
    try:
        return await ctx.registration.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event_id))
    except ApiError as error:
        if error.status == 404:
            return None
        raise


async def organizers_of(ctx: CallContext, event_id: int) -> list[pb.Organizer]:
    return list((await ctx.registration.ListOrganizers(api.ListOrganizersRequest(event_id=event_id))).organizers)


def may_organize(ctx: CallContext, organizers: list[pb.Organizer]) -> bool:
    """As registration decides (its access.may_edit and may_see_private): one of the organizers, with the right,
    or an admin; never someone blocked."""
    listed = ctx.reader.user_id in {o.user_id for o in organizers} and ctx.reader.has(RIGHT_ORGANIZER)
    return (listed or ctx.reader.has(RIGHT_ADMIN)) and not ctx.reader.blocked


async def organized_event(ctx: CallContext, event_id: int) -> tuple[pb.Event, list[pb.Organizer]]:
    """The event and its organizers, or 403 for anyone who may not manage it (401, so a sign-in, for anonymous)."""
    require_sign_in(ctx)
    event = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    organizers = await organizers_of(ctx, event_id)
    if not may_organize(ctx, organizers):
        raise ctx.error(403, "campaignevents-edit-not-allowed-registration")
    return event, organizers


async def event_page_context(request: Request, ctx: CallContext, event_id: int) -> dict:
    event = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    organizers = await organizers_of(ctx, event_id)
    organizing = may_organize(ctx, organizers)
    questions = (await ctx.registration.ListQuestions(api.ListQuestionsRequest(event_id=event_id))).questions
    participants = await ctx.registration.ListParticipants(api.ListParticipantsRequest(
        event_id=event_id, include_private=organizing))
    registration = await own_registration(ctx, event_id)
    limit = event.participant_limit
    program = (await ctx.registration.GetProgram(api.GetProgramRequest(program_id=event.program_id))
               if event.program_id else None)
    return {
        "program": program,
        "event": event, "organizers": organizers, "organizing": organizing, "questions": questions,
        "participants": participants, "registration": registration,
        "answers": {a.question_id: a for a in registration.answers} if registration else {},
        "times": shown_times(event, viewer_zone(request.cookies.get(TIMEZONE_COOKIE)), ctx.language),
        "participation_key": PARTICIPATION_KEYS.get(event.participation_options, ""),
        "full": bool(limit) and event.counts.registered >= limit,
        "places_left": max(limit - event.counts.registered, 0) if limit else None,
        "open": event.status == pb.EVENT_STATUS_OPEN and not event.ended,
        "waitlisted": bool(registration) and registration.participant.state == pb.REGISTRATION_STATE_WAITLISTED,
    }


@router.get("/event/{event_id}", name="event_page")
async def event_page(event_id: int, request: Request):
    ctx = call_context(request)
    return page(request, "event.html", **await event_page_context(request, ctx, event_id), problems=Problems())


def posted_answers(form, questions) -> list[pb.Answer]:
    """What the form says for each of the event's questions, as typed; an empty choice is no answer (option 0)."""
    answers = []
    for question in questions:
        value = str(form.get(f"q{question.id}", "")).strip()
        answers.append(pb.Answer(question_id=question.id, option=int(value) if value.isdecimal() else 0,
                                 text=str(form.get(f"q{question.id}-text", "")).strip()))
    return answers


def answers_from_form(form, questions) -> list[pb.Answer]:
    """The posted answers, with free text only beside an option that takes it."""
    answers = posted_answers(form, questions)
    for answer, question in zip(answers, questions, strict=False):
        if not any(o.value == answer.option and o.takes_text for o in question.options):
            answer.text = ""
    return answers


@router.post("/event/{event_id}/register")
async def register(event_id: int, request: Request):
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return redirect(f"/auth/login?returnto=/event/{event_id}")
    questions = (await ctx.registration.ListQuestions(api.ListQuestionsRequest(event_id=event_id))).questions
    try:
        answer = await ctx.registration.RegisterParticipant(api.RegisterParticipantRequest(
            event_id=event_id, private=form.get("visibility") == "private",
            answers=answers_from_form(form, questions), passcode=str(form.get("passcode", ""))))
    except ApiError as error:
        if error.status >= 500 or error.status == 404:
            raise
        context = await event_page_context(request, ctx, event_id)
        context["answers"] = {a.question_id: a for a in posted_answers(form, questions)}  # shown again as posted
        return page(request, "event.html", status=error.status, **context,
                    problems=Problems.from_error(error, ctx.language), submitted=form)
    participant = answer.registration.participant
    if participant.state == pb.REGISTRATION_STATE_WAITLISTED:
        sessions.flash(request, "web-flash-waitlisted", position=participant.waitlist_position)
    else:
        sessions.flash(request, "web-flash-registered" if answer.modified else "web-flash-unchanged")
    return redirect(f"/event/{event_id}")


@router.post("/event/{event_id}/program/remove")
async def leave_program(event_id: int, request: Request):
    """An organizer takes their event out of its program (registration lets them, as the program's coordinators)."""
    ctx, form = await posted(request)
    if ctx.identity.anonymous:
        return redirect(f"/auth/login?returnto=/event/{event_id}")
    event = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    program_id = str(form.get("program_id", "")).strip()
    if not event.program_id or program_id != str(event.program_id):  # moved since the page was shown
        sessions.flash(request, "web-flash-event-program-changed")
        return redirect(f"/event/{event_id}")
    try:
        await ctx.registration.SetEventProgram(api.SetEventProgramRequest(event_id=event_id, program_id=0))
    except ApiError as error:
        if error.status >= 500 or error.status == 404:
            raise
        return page(request, "event.html", status=error.status, **await event_page_context(request, ctx, event_id),
                    problems=Problems(), program_problems=Problems.from_error(error, ctx.language))
    sessions.flash(request, "web-flash-event-left-program")
    return redirect(f"/event/{event_id}")


@router.post("/event/{event_id}/cancel")
async def cancel(event_id: int, request: Request):
    ctx, _ = await posted(request)
    await ctx.registration.CancelRegistration(api.CancelRegistrationRequest(event_id=event_id))
    sessions.flash(request, "web-flash-cancelled")
    return redirect(f"/event/{event_id}")
