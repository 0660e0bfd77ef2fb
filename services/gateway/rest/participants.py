"""Routes on participants: one's own registration (put, get, cancel), the list, and removal."""
import datetime
import urllib.parse

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.errors import ApiError, answered_as
from eventcenter.services.gateway.formatting import mw_timestamp, time_and_date
from eventcenter.services.gateway.rest.csrf import check_csrf
from eventcenter.services.gateway.rest.event_payloads import TokenBody
from eventcenter.services.gateway.rest.questions import question_names
from eventcenter.services.kernel.i18n import translate
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
router = APIRouter(tags=["participants"])
STATES = {pb.REGISTRATION_STATE_REGISTERED: "registered", pb.REGISTRATION_STATE_WAITLISTED: "waitlisted"}


class AnswerBody(BaseModel):
    value: object = None
    other: str | None = Field(default=None, max_length=1000)


class RegisterBody(BaseModel):
    is_private: bool
    answers: dict[str, AnswerBody] = Field(default_factory=dict, max_length=20)
    show_contribution_association_prompt: bool = False
    token: str | None = None
    passcode: str | None = Field(default=None, max_length=200)


class RemoveBody(BaseModel):
    user_ids: list[int] | None = Field(default=None, max_length=10_000)
    invert_users: bool = False
    token: str | None = None


def user_page(name: str) -> dict:
    title = f"User:{name}"
    # As MediaWiki writes a link: the colon of the namespace stays as it is ("/wiki/User:Foo").
    return {"path": "/wiki/" + urllib.parse.quote(title.replace(" ", "_"), safe="/:"), "title": title,
            "classes": "mw-userlink"}


async def _answers(ctx: CallContext, body: RegisterBody) -> list[pb.Answer]:
    """Answers keyed by question name; unknown names are ignored, as CampaignEvents does."""
    if not body.answers:  # most registrations: no need to ask for the question names
        return []
    ids = {name: question_id for question_id, name in (await question_names(ctx)).items()}
    answers = []
    for name, answer in body.answers.items():
        if name not in ids:
            continue
        if not isinstance(answer.value, int) or isinstance(answer.value, bool):
            raise ctx.error(400, "campaignevents-rest-register-invalid-answer", name=name)
        answers.append(pb.Answer(question_id=ids[name], option=answer.value, text=answer.other or ""))
    return answers


@router.put("/event_registration/{event_id}/participants/self")
async def register(event_id: int, body: RegisterBody, request: Request, ctx: CallContext = Context) -> dict:
    check_csrf(request, body.token, ctx.language)
    with answered_as(ctx.language, EVENT_DELETED=(400, "campaignevents-register-registration-deleted")):
        answer = await ctx.registration.RegisterParticipant(api.RegisterParticipantRequest(
            event_id=event_id, private=body.is_private, answers=await _answers(ctx, body),
            passcode=body.passcode or ""))
    participant = answer.registration.participant
    return {"modified": answer.modified, "state": STATES[participant.state],
            "waitlist_position": participant.waitlist_position or None}


@router.get("/event_registration/{event_id}/participants/self")
async def own_registration(event_id: int, ctx: CallContext = Context):
    found = await ctx.registration.GetOwnRegistration(api.GetOwnRegistrationRequest(event_id=event_id))
    names = await question_names(ctx)
    answers = {
        names[a.question_id]: {"value": a.option, **({"other": a.text} if a.text else {})} for a in found.answers
    }
    return {"private": found.participant.private, "show_contribution_association_prompt": False,
            "answers": answers or [], "state": STATES[found.participant.state],
            "waitlist_position": found.participant.waitlist_position or None,
            "answers_aggregated": found.answers_aggregated}


@router.delete("/event_registration/{event_id}/participants/self")
async def cancel(event_id: int, request: Request, body: TokenBody | None = None, ctx: CallContext = Context) -> dict:
    check_csrf(request, body.token if body else None, ctx.language)
    with answered_as(ctx.language, EVENT_DELETED=(400, "campaignevents-unregister-registration-deleted")):
        answer = await ctx.registration.CancelRegistration(api.CancelRegistrationRequest(event_id=event_id))
    return {"modified": answer.modified}


@router.get("/event_registration/{event_id}/participants")
async def list_participants(event_id: int, include_private: bool, last_participant_id: int = 0,
                            username_filter: str | None = Query(default=None, max_length=255),
                            exclude_users: str | None = Query(default=None, max_length=10_000),
                            ctx: CallContext = Context) -> list[dict]:
    if username_filter is not None and not username_filter.strip():
        raise ctx.error(400, "campaignevents-rest-list-participants-empty-filter")
    try:
        excluded = [int(part) for part in exclude_users.split("|") if part] if exclude_users else []
    except ValueError:
        raise ctx.error(400, "gateway-error-bad-param", name="exclude_users") from None
    page = await ctx.registration.ListParticipants(api.ListParticipantsRequest(
        event_id=event_id, include_private=include_private, username_filter=username_filter or "",
        exclude_user_ids=excluded, last_participant_id=last_participant_id))
    rows = [
        {"participant_id": p.participant_id, "user_id": p.user_id,
         "user_registered_at": mw_timestamp(p.register_time.ToDatetime(tzinfo=datetime.UTC)),
         "user_registered_at_formatted": time_and_date(p.register_time.ToDatetime(), ctx.language),
         "private": p.private, "user_name": p.user_name, "user_page": user_page(p.user_name)}
        for p in page.participants
    ]
    if page.caller_organizes and rows:
        await _with_recipients(ctx, rows)
    if len(page.non_personal_answers) == len(rows) > 0:
        await _with_answers(ctx, event_id, rows, page)
    return rows


async def _with_recipients(ctx: CallContext, rows: list[dict]) -> None:
    """user_is_valid_recipient, for those who may email the participants (left out when notifications is away)."""
    try:
        found = await ctx.notifications.CountReachable(napi.CountReachableRequest(
            user_ids=[row["user_id"] for row in rows]))
    except ApiError as error:
        log.warning("recipients not checked", status=error.status, error=error.key)
        return
    reachable = set(found.reachable_user_ids)
    for row in rows:
        row["user_is_valid_recipient"] = row["user_id"] in reachable


async def _with_answers(ctx: CallContext, event_id: int, rows: list[dict], page) -> None:
    """non_pii_answers as CampaignEvents gives them to organizers: each non-personal question's chosen option in
    the reader's language (with its free text), "No response", or that the answers were aggregated."""
    asked = await ctx.registration.ListQuestions(api.ListQuestionsRequest(event_id=event_id))
    labels = {q.id: {o.value: o.label for o in q.options} for q in asked.questions}
    for row, found in zip(rows, page.non_personal_answers, strict=True):
        if found.aggregated:
            row["non_pii_answers"] = translate("gateway-answers-aggregated", ctx.language)
            continue
        given = {a.question_id: a for a in found.answers}
        row["non_pii_answers"] = [{"message": _answer_text(given.get(question_id), labels.get(question_id, {}),
                                                           ctx.language), "questionID": question_id}
                                  for question_id in page.non_personal_question_ids]


def _answer_text(answer: pb.Answer | None, labels: dict[int, str], language: str) -> str:
    if answer is None or not answer.option:
        return translate("gateway-answer-none", language)
    label = labels.get(answer.option, str(answer.option))
    return f"{label}: {answer.text}" if answer.text else label


@router.delete("/event_registration/{event_id}/participants")
async def remove_participants(event_id: int, request: Request, body: RemoveBody | None = None,
                              ctx: CallContext = Context) -> dict:
    body = body or RemoveBody()
    check_csrf(request, body.token, ctx.language)
    if body.user_ids is not None and not body.user_ids:
        raise ctx.error(400, "campaignevents-rest-remove-participants-invalid-users-ids")
    everyone = body.user_ids is None  # whatever invert_users says: everyone but nobody is everyone
    denied = (403, "campaignevents-unregister-participants-permission-denied")
    with answered_as(ctx.language, EVENT_DELETED=(400, "campaignevents-unregister-participants-registration-deleted"),
                     NOT_AN_ORGANIZER=denied, ORGANIZER_RIGHT_REQUIRED=denied):
        removed = await ctx.registration.RemoveParticipants(api.RemoveParticipantsRequest(
            event_id=event_id, user_ids=body.user_ids or [], all=everyone,
            invert_users=body.invert_users and not everyone))
    return {"public": removed.public, "private": removed.private}
