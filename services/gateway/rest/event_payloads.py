"""Event bodies of the CampaignEvents REST API, and their mapping to and from eventcenter.registration.v1."""
from pydantic import BaseModel, Field

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.gateway.errors import ApiError
from eventcenter.services.gateway.times import local_to_mw, to_local

ALL_WIKIS = "*"
LOCAL_WIKI = "local"
ALL_QUESTIONS = [1, 2, 3, 4, 5]


class EventBody(BaseModel):
    """POST (create) and PUT (full replacement) body; fields past `is_test_event` are Event Center's own."""

    event_page: str = Field(max_length=512)
    timezone: str = Field(max_length=64)
    start_time: str = Field(max_length=40)
    end_time: str = Field(max_length=40)
    types: list[str] = Field(max_length=20)
    wikis: list[str] = Field(default_factory=list, max_length=200)
    topics: list[str] = Field(default_factory=list, max_length=20)
    online_meeting: bool = False
    inperson_meeting: bool = False
    meeting_url: str | None = Field(default=None, max_length=2048)
    meeting_country_code: str | None = Field(default=None, max_length=8)
    meeting_address: str | None = Field(default=None, max_length=9000)
    chat_url: str | None = Field(default=None, max_length=2048)
    tracks_contributions: bool = False
    is_test_event: bool = False
    status: str | None = None
    token: str | None = None
    questions: list[int] | None = Field(default=None, max_length=10)
    participant_limit: int | None = None
    passcode: str | None = Field(default=None, max_length=200)
    accept_personal_data_policy: bool = False
    description: str | None = Field(default=None, max_length=20_000)


class TokenBody(BaseModel):
    token: str | None = None


def participation(body: EventBody) -> int:
    if body.online_meeting and body.inperson_meeting:
        return pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON
    if body.online_meeting:
        return pb.PARTICIPATION_OPTIONS_ONLINE
    if body.inperson_meeting:
        return pb.PARTICIPATION_OPTIONS_IN_PERSON
    return pb.PARTICIPATION_OPTIONS_UNSPECIFIED


STATUSES = {"open": pb.EVENT_STATUS_OPEN, "closed": pb.EVENT_STATUS_CLOSED}


def to_event(body: EventBody, language: str, existing: pb.Event | None = None) -> pb.Event:
    start, end = to_local(body.start_time, body.timezone), to_local(body.end_time, body.timezone)
    if start is None:
        raise ApiError.translated(400, "campaignevents-error-invalid-start", language)
    if end is None:
        raise ApiError.translated(400, "campaignevents-error-invalid-end", language)
    all_wikis = ALL_WIKIS in body.wikis
    event = pb.Event()
    if existing is not None:  # a PUT keeps what the CampaignEvents body does not carry
        event.CopyFrom(existing)
    event.page.CopyFrom(pb.EventPage(wiki=existing.page.wiki if existing else LOCAL_WIKI, title=body.event_page))
    event.timezone, event.start_local_time, event.end_local_time = body.timezone, start, end
    event.participation_options = participation(body)
    event.meeting_url, event.chat_url = body.meeting_url or "", body.chat_url or ""
    if body.meeting_address is not None and not body.meeting_address.strip():
        raise ApiError.translated(400, "campaignevents-error-invalid-address", language)  # null, not "", is none
    event.country_code, event.address = body.meeting_country_code or "", body.meeting_address or ""
    event.all_wikis, event.test_event, event.tracks_contributions = (
        all_wikis,
        body.is_test_event,
        body.tracks_contributions,
    )
    for name, values in (("types", body.types), ("wikis", [] if all_wikis else body.wikis), ("topics", body.topics)):
        del getattr(event, name)[:]
        getattr(event, name).extend(values)
    if body.status is not None:
        if body.status not in STATUSES:
            raise ApiError.translated(400, "paramvalidator-badvalue-enumnotmulti", language, name="status",
                                      value=body.status)
        event.status = STATUSES[body.status]
    if body.questions is not None or existing is None:
        del event.question_ids[:]
        event.question_ids.extend(ALL_QUESTIONS if body.questions is None else body.questions)
    if body.participant_limit is not None:
        event.participant_limit = body.participant_limit
    if body.passcode is not None:
        event.passcode = body.passcode
    if body.description is not None:
        event.description = body.description
    return event


def from_event(event: pb.Event, language: str) -> dict:
    """The GET answer: CampaignEvents' fields first, then ours. Hidden links are left out, unset ones are null."""
    answer = {
        "id": event.id, "name": event.name, "event_page": event.page.title, "event_page_wiki": event.page.wiki,
        "status": "open" if event.status == pb.EVENT_STATUS_OPEN else "closed", "timezone": event.timezone,
        "start_time": local_to_mw(event.start_local_time), "end_time": local_to_mw(event.end_local_time),
        "types": list(event.types), "wikis": [ALL_WIKIS] if event.all_wikis else list(event.wikis),
        "topics": list(event.topics),
        "online_meeting": event.participation_options in (pb.PARTICIPATION_OPTIONS_ONLINE,
                                                          pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON),
        "inperson_meeting": event.participation_options in (pb.PARTICIPATION_OPTIONS_IN_PERSON,
                                                            pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON),
        "meeting_country_code": event.country_code or None, "meeting_address": event.address or None,
        "tracks_contributions": event.tracks_contributions, "tracking_tools": [],
        "is_test_event": event.test_event, "questions": list(event.question_ids),
        "participant_limit": event.participant_limit or None, "passcode_required": event.passcode_required,
        "participants": event.counts.registered, "private_participants": event.counts.private,
        "waitlisted": event.counts.waitlisted, "description": event.description,
    }
    if event.passcode:
        answer["passcode"] = event.passcode
    return answer


def with_links(answer: dict, event: pb.Event) -> dict:
    """meeting_url and chat_url: null when unset; left out when set but withheld from this caller."""
    for key, value, is_set in (("meeting_url", event.meeting_url, event.meeting_url_set),
                               ("chat_url", event.chat_url, event.chat_url_set)):
        if value or not is_set:
            answer[key] = value or None
    return answer
