"""Enable registration (create) and edit an event, through one form that maps onto the REST body."""
from fastapi import APIRouter, Request
from pydantic import ValidationError

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.vocabulary import EVENT_TYPES, MAX_ADDRESS_BYTES, OTHER_TYPE
from eventcenter.services.gateway.context import call_context
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.rest import revisions
from eventcenter.services.gateway.rest.event_payloads import ALL_WIKIS, EventBody, from_event, to_event
from eventcenter.services.gateway.sign_in import sessions
from eventcenter.services.gateway.web.event_page import organized_event
from eventcenter.services.gateway.web.forms import Problems, edit_conflict, posted, posted_revision
from eventcenter.services.gateway.web.reader import require_organizer_standing
from eventcenter.services.gateway.web.render import page, redirect
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.timezones import zone_names

router = APIRouter()
TYPE_CHOICES = (*EVENT_TYPES, OTHER_TYPE)
# The body's fields by the service's names for them, which the form shows problems under.
FORM_FIELDS = {"event_page": "event.page.title", "timezone": "event.timezone", "start_time": "event.start_local_time",
               "end_time": "event.end_local_time", "types": "event.types", "wikis": "event.wikis",
               "topics": "event.topics", "meeting_url": "event.meeting_url",
               "meeting_country_code": "event.country_code", "meeting_address": "event.address",
               "chat_url": "event.chat_url", "questions": "event.question_ids", "passcode": "event.passcode",
               "description": "event.description"}


def _words(text: str) -> list[str]:
    return [w for w in text.replace(",", " ").replace("\n", " ").split(" ") if w]


def _limit(text: str) -> int:
    """Empty is no limit; anything not a whole number is sent as -1 so the service names the field."""
    text = text.strip()
    return int(text) if text.isdecimal() else (0 if not text else -1)


def form_to_body(form, existing: pb.Event | None) -> EventBody:
    wikis = _words(str(form.get("wikis", "")))
    return EventBody(
        event_page=existing.page.title if existing else str(form.get("event_page", "")).strip(),
        timezone=str(form.get("timezone", "")).strip(), start_time=str(form.get("start", "")).strip(),
        end_time=str(form.get("end", "")).strip(), types=form.getlist("types"),
        wikis=[ALL_WIKIS] if form.get("all_wikis") else wikis,
        topics=[t.strip() for t in str(form.get("topics", "")).split(",") if t.strip()],
        online_meeting=bool(form.get("online")), inperson_meeting=bool(form.get("in_person")),
        meeting_url=str(form.get("meeting_url", "")).strip() or None,
        meeting_country_code=str(form.get("country", "")).strip() or None,
        meeting_address=str(form.get("address", "")).strip() or None,
        chat_url=str(form.get("chat_url", "")).strip() or None,
        tracks_contributions=bool(form.get("tracks_contributions")), is_test_event=bool(form.get("test_event")),
        questions=[int(q) for q in form.getlist("questions") if q.isdecimal()],
        participant_limit=_limit(str(form.get("participant_limit", ""))),
        passcode=str(form["passcode"]).strip() if "passcode" in form else None,  # a form without one keeps it
        accept_personal_data_policy=bool(form.get("accept_policy")),
        description=str(form.get("description", "")).strip(),
    )


def body_problems(error: ValidationError, language: str) -> Problems:
    """What the body refuses before the service sees it: texts and lists past its (looser) limits, which a form
    only sends around its maxlength. An address says the service's own limit, as it does a little over it."""
    fields = {}
    for problem in error.errors():
        name = str(problem["loc"][0])
        if name == "meeting_address":
            text = translate("web-address-too-long", language, max=MAX_ADDRESS_BYTES)
        else:
            key = "web-field-too-many" if problem["type"] == "too_long" else "web-field-too-long"
            text = translate(key, language, max=problem.get("ctx", {}).get("max_length", ""))
        fields[FORM_FIELDS.get(name, name)] = text
    return Problems(translate("web-form-problems", language), fields)


def values_of(event: pb.Event | None) -> dict:
    """The form's values for an existing event (edit), or the defaults of a new one."""
    if event is None:
        return {"timezone": "UTC", "types": [], "questions": [], "online": True, "wikis": "", "topics": ""}
    body = from_event(event, "en")
    return {"event_page": event.page.title, "timezone": event.timezone, "start": event.start_local_time[:16],
            "end": event.end_local_time[:16], "types": list(event.types), "online": body["online_meeting"],
            "in_person": body["inperson_meeting"], "meeting_url": event.meeting_url, "country": event.country_code,
            "address": event.address, "chat_url": event.chat_url, "all_wikis": event.all_wikis,
            "wikis": " ".join(event.wikis), "topics": ", ".join(event.topics),
            "questions": list(event.question_ids), "participant_limit": event.participant_limit or "",
            "passcode": event.passcode, "test_event": event.test_event,
            "tracks_contributions": event.tracks_contributions, "description": event.description,
            "revision": event.revision}


def values_from_form(form) -> dict:
    values = {k: form.get(k) for k in form}
    values["types"] = form.getlist("types")
    values["questions"] = [int(q) for q in form.getlist("questions") if q.isdecimal()]
    return values


async def _form_page(request: Request, event: pb.Event | None, values: dict, problems: Problems, status: int = 200):
    questions = (await call_context(request).registration.ListQuestions(api.ListQuestionsRequest())).questions
    return page(request, "event_form.html", status=status, event=event, values=values, problems=problems,
                event_types=TYPE_CHOICES, questions=questions, zones=sorted(zone_names()))


@router.get("/organize/new")
async def new_event_form(request: Request):
    ctx = call_context(request)
    if ctx.identity.anonymous:
        return redirect("/auth/login?returnto=/organize/new")
    require_organizer_standing(ctx)
    return await _form_page(request, None, values_of(None), Problems())


async def _save(request: Request, event_id: int | None):
    ctx, form = await posted(request)
    existing = None
    if event_id is not None:
        existing = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
    try:
        body = form_to_body(form, existing)
        if existing is None:
            saved = await ctx.registration.CreateEvent(api.CreateEventRequest(
                event=to_event(body, ctx.language), accept_personal_data_policy=body.accept_personal_data_policy))
        else:
            # The revision the form was shown with: saved over only if nobody else saved meanwhile.
            shown = posted_revision(form)
            saved = await revisions.edit_event(
                ctx, event_id, None if shown is None else frozenset({shown}),
                lambda current: api.UpdateEventRequest(event=to_event(body, ctx.language, current),
                                                       accept_personal_data_policy=body.accept_personal_data_policy,
                                                       keep_passcode=body.passcode is None))
    except ValidationError as error:
        return await _form_page(request, existing, values_from_form(form), body_problems(error, ctx.language),
                                status=400)
    except ApiError as error:
        if error.status >= 500 or error.status == 404:
            raise
        if revisions.conflict(error):  # their values again, with the revision to save over once they looked
            current = await ctx.registration.GetEvent(api.GetEventRequest(event_id=event_id))
            values = {**values_from_form(form), "revision": current.revision}
            return await _form_page(request, current, values, edit_conflict(ctx.language), status=409)
        return await _form_page(request, existing, values_from_form(form), Problems.from_error(error, ctx.language),
                          status=error.status)
    sessions.flash(request, "web-flash-event-saved")
    return redirect(f"/event/{saved.id}")


@router.post("/organize/new")
async def create_event(request: Request):
    return await _save(request, None)


@router.get("/event/{event_id}/edit")
async def edit_event_form(event_id: int, request: Request):
    event, _ = await organized_event(call_context(request), event_id)
    return await _form_page(request, event, values_of(event), Problems())


@router.post("/event/{event_id}/edit")
async def edit_event(event_id: int, request: Request):
    return await _save(request, event_id)
