"""An event's editable fields and every rule they must satisfy."""
import datetime
import re
import urllib.parse
from dataclasses import dataclass, field, replace

import pycountry

from eventcenter.services.kernel import timezones
from eventcenter.services.kernel.errors import FieldViolation
from eventcenter.services.registration.domain import passcodes, questions, wiki_names
from eventcenter.services.registration.domain import vocabulary as v

_WIKI_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class EventFields:
    page_wiki: str
    page_title: str
    status: str
    timezone: str
    start_local: str
    end_local: str
    types: tuple[str, ...]
    participation: str
    meeting_url: str = ""
    country_code: str = ""
    address: str = ""
    chat_url: str = ""
    wikis: tuple[str, ...] = ()
    all_wikis: bool = False
    topics: tuple[str, ...] = ()
    test_event: bool = False
    tracks_contributions: bool = False
    question_ids: tuple[int, ...] = ()
    participant_limit: int = 0
    passcode: str = ""
    description: str = ""

    @property
    def name(self) -> str:
        return self.page_title.partition(":")[2].strip()

    @property
    def online(self) -> bool:
        return self.participation in (v.ONLINE, v.HYBRID)

    @property
    def in_person(self) -> bool:
        return self.participation in (v.IN_PERSON, v.HYBRID)

    def zone(self) -> datetime.tzinfo:
        zone = timezones.parse_timezone(self.timezone)
        assert zone is not None, "validated before use"
        return zone

    def start_utc(self) -> datetime.datetime:
        return timezones.to_utc(timezones.parse_local(self.start_local), self.zone())

    def end_utc(self) -> datetime.datetime:
        return timezones.to_utc(timezones.parse_local(self.end_local), self.zone())

    def normalized(self) -> "EventFields":
        """Trims free text and upper-cases the country, as stored."""
        return replace(
            self,
            page_wiki=self.page_wiki.strip(),
            page_title=wiki_names.page_title(self.page_title),
            address=self.address.strip(),
            country_code=self.country_code.strip().upper(),
            meeting_url=self.meeting_url.strip(),
            chat_url=self.chat_url.strip(),
            passcode=self.passcode.strip(),
            description=self.description.strip(),
        )


@dataclass(frozen=True)
class EventContext:
    """What validation needs to know beyond the fields themselves."""

    now: datetime.datetime
    creating: bool
    previous: EventFields | None = None
    has_answers: bool = False
    extra: list[FieldViolation] = field(default_factory=list)


def validate_event(fields: EventFields, context: EventContext) -> list[FieldViolation]:
    problems: list[FieldViolation] = list(context.extra)
    problems += _page(fields, context)
    problems += _status(fields, context)
    problems += _times(fields, context)
    problems += _types(fields)
    problems += _participation(fields)
    problems += _wikis_and_topics(fields)
    problems += _questions_and_limits(fields, context)
    return problems


def _page(f: EventFields, c: EventContext) -> list[FieldViolation]:
    problems = []
    if not _WIKI_ID.match(f.page_wiki):
        problems.append(FieldViolation("event.page.wiki", "violation-wiki-id", {"value": f.page_wiki}))
    namespace, sep, text = f.page_title.partition(":")
    kept = c.previous is not None and f.page_title == c.previous.page_title  # registered before the rule: kept
    if not kept and (hidden := wiki_names.hidden_character_violation("event.page.title", f.page_title)):
        problems.append(hidden)
    elif not sep or namespace not in v.EVENT_NAMESPACES or not text.strip():
        problems.append(FieldViolation("event.page.title", "violation-page-namespace", {"value": f.page_title}))
    elif len(f.page_title.encode()) > v.MAX_TITLE_BYTES or any(c in text for c in "#<>[]|{}"):
        problems.append(FieldViolation("event.page.title", "violation-page-title", {"value": f.page_title}))
    return problems


def _status(f: EventFields, c: EventContext) -> list[FieldViolation]:
    allowed = (v.STATUS_OPEN,) if c.creating else (v.STATUS_OPEN, v.STATUS_CLOSED)
    if f.status not in allowed:
        return [FieldViolation("event.status", "violation-status", {"value": f.status})]
    return []


def _times(f: EventFields, c: EventContext) -> list[FieldViolation]:
    problems = []
    if timezones.parse_timezone(f.timezone) is None:
        problems.append(FieldViolation("event.timezone", "violation-timezone", {"value": f.timezone}))
    for name, value in (("event.start_local_time", f.start_local), ("event.end_local_time", f.end_local)):
        if timezones.parse_local(value) is None:
            problems.append(FieldViolation(name, "violation-local-time", {"value": value}))
    if problems:
        return problems
    start, end = f.start_utc(), f.end_utc()
    if start > end:
        problems.append(FieldViolation("event.end_local_time", "violation-end-before-start", {}))
    if c.creating and start < c.now:
        problems.append(FieldViolation("event.start_local_time", "violation-start-in-past", {}))
    if c.previous is not None and c.has_answers and c.previous.end_utc() < c.now and end > c.now:
        problems.append(FieldViolation("event.end_local_time", "violation-ended-with-answers", {}))
    return problems


def _types(f: EventFields) -> list[FieldViolation]:
    """Told apart as CampaignEvents tells them: none, "other" with another type, or types that are not ours."""
    types = list(f.types)
    if not types:
        return [FieldViolation("event.types", "violation-types-none", {})]
    if v.OTHER_TYPE in types and len(types) > 1 and all(t in (*v.EVENT_TYPES, v.OTHER_TYPE) for t in types):
        return [FieldViolation("event.types", "violation-types-other-combined", {})]
    valid = (types == [v.OTHER_TYPE]) or (
        len(types) <= v.MAX_TYPES and len(set(types)) == len(types) and all(t in v.EVENT_TYPES for t in types)
    )
    return [] if valid else [FieldViolation("event.types", "violation-types", {"value": ",".join(types)})]


def _participation(f: EventFields) -> list[FieldViolation]:
    if f.participation not in v.PARTICIPATION_OPTIONS:
        return [FieldViolation("event.participation_options", "violation-participation", {})]
    problems = []
    if f.meeting_url and not f.online:
        problems.append(FieldViolation("event.meeting_url", "violation-meeting-url-online-only", {}))
    if f.in_person:
        if not f.country_code:
            problems.append(FieldViolation("event.country_code", "violation-country-required", {}))
        elif pycountry.countries.get(alpha_2=f.country_code) is None or len(f.country_code) != 2:
            problems.append(FieldViolation("event.country_code", "violation-country", {"value": f.country_code}))
        if len(f.address.encode()) > v.MAX_ADDRESS_BYTES:
            problems.append(FieldViolation("event.address", "violation-address-length", {"max": v.MAX_ADDRESS_BYTES}))
    else:
        if f.country_code:
            problems.append(FieldViolation("event.country_code", "violation-in-person-only", {}))
        if f.address:
            problems.append(FieldViolation("event.address", "violation-in-person-only", {}))
    for name, url in (("event.meeting_url", f.meeting_url), ("event.chat_url", f.chat_url)):
        if url and not is_web_url(url):
            problems.append(FieldViolation(name, "violation-url", {"value": url}))
    return problems


def is_web_url(url: str) -> bool:
    if len(url) > v.MAX_URL_LENGTH or any(c.isspace() for c in url):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # raises on a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _wikis_and_topics(f: EventFields) -> list[FieldViolation]:
    problems = []
    if f.all_wikis and f.wikis:
        problems.append(FieldViolation("event.wikis", "violation-wikis-with-all", {}))
    if len(f.wikis) > v.MAX_WIKIS or len(set(f.wikis)) != len(f.wikis):
        problems.append(FieldViolation("event.wikis", "violation-wikis-count", {"max": v.MAX_WIKIS}))
    problems += [
        FieldViolation("event.wikis", "violation-wiki-id", {"value": w}) for w in f.wikis if not _WIKI_ID.match(w)
    ]
    if len(f.topics) > v.MAX_TOPICS or len(set(f.topics)) != len(f.topics):
        problems.append(FieldViolation("event.topics", "violation-topics-count", {"max": v.MAX_TOPICS}))
    problems += [
        FieldViolation("event.topics", "violation-topic", {"value": t}) for t in f.topics if not _TOPIC.match(t)
    ]
    return problems


def _questions_and_limits(f: EventFields, c: EventContext) -> list[FieldViolation]:
    problems = []
    unknown = [q for q in f.question_ids if q not in questions.QUESTIONS]
    if unknown or len(set(f.question_ids)) != len(f.question_ids):
        problems.append(FieldViolation("event.question_ids", "violation-questions", {"value": unknown}))
    previous = c.previous
    if previous is not None and previous.end_utc() < c.now and set(f.question_ids) != set(previous.question_ids):
        problems.append(FieldViolation("event.question_ids", "violation-questions-after-end", {}))
    if not 0 <= f.participant_limit <= v.MAX_PARTICIPANT_LIMIT:
        problems.append(FieldViolation("event.participant_limit", "violation-limit", {"max": v.MAX_PARTICIPANT_LIMIT}))
    if len(f.description) > v.MAX_DESCRIPTION_LENGTH:
        problems.append(FieldViolation("event.description", "violation-description",
                                       {"max": v.MAX_DESCRIPTION_LENGTH}))
    if len(f.passcode) > v.MAX_PASSCODE_LENGTH:
        problems.append(FieldViolation("event.passcode", "violation-passcode", {"max": v.MAX_PASSCODE_LENGTH}))
    elif passcodes.too_short(f.passcode, c.previous.passcode if c.previous else None):
        problems.append(FieldViolation("event.passcode", "violation-passcode-short", {"min": passcodes.MIN_LENGTH}))
    return problems
