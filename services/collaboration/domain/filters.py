"""What a Collaboration list query may ask (docs/rules.md "Collaboration list"), checked before any SQL."""
import datetime
import re
from dataclasses import dataclass

from eventcenter.services.contracts.vocabulary import EVENT_TYPES, HYBRID, IN_PERSON, ONLINE, OTHER_TYPE
from eventcenter.services.kernel.errors import FieldViolation

MAX_VALUES = 10
MAX_TEXT = 255
DEFAULT_PAGE = 50
MAX_PAGE = 50
KNOWN_TYPES = frozenset((*EVENT_TYPES, OTHER_TYPE))
ONGOING, UPCOMING = "ongoing", "upcoming"
_COUNTRY = re.compile(r"[A-Z]{2}")
_WIKI = re.compile(r"[a-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Filters:
    section: str
    name: str = ""
    query: str = ""
    types: tuple[str, ...] = ()
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    participation: str = ""
    country_code: str = ""
    wikis: tuple[str, ...] = ()
    include_all_wikis: bool = False
    topics: tuple[str, ...] = ()
    with_places_left: bool = False
    page_size: int = DEFAULT_PAGE

    def fingerprint(self) -> str:
        """What a page token is bound to: the same filters, or the token is refused (AIP-158)."""
        parts = (self.section, self.name, self.query, self.types, self.start_date, self.end_date, self.participation,
                 self.country_code, self.wikis, self.include_all_wikis, self.topics, self.with_places_left)
        return repr(parts)

    @property
    def country_applies(self) -> bool:
        """The country says nothing about online events: ignored when looking for online ones only."""
        return bool(self.country_code) and self.participation != ONLINE


def _date(value: str, field: str, problems: list[FieldViolation]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(FieldViolation(field, "violation-list-date", {"value": value}))
        return None


def _values(values, field: str, problems: list[FieldViolation]) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
    if len(cleaned) > MAX_VALUES:
        problems.append(FieldViolation(field, "violation-list-too-many", {"max": MAX_VALUES}))
    if any(len(v) > MAX_TEXT for v in cleaned):
        problems.append(FieldViolation(field, "violation-list-text-length", {"max": MAX_TEXT}))
    return cleaned


def check(section: str, name: str, query: str, types, start_date: str, end_date: str, participation: str,
          country_code: str, wikis, include_all_wikis: bool, topics, with_places_left: bool,
          page_size: int, today: datetime.date) -> tuple[Filters | None, list[FieldViolation]]:
    """The filters, or every problem with them."""
    problems: list[FieldViolation] = []
    if section not in (ONGOING, UPCOMING):
        problems.append(FieldViolation("section", "violation-list-section", {}))
    for field, text in (("name", name), ("query", query)):
        if len(text) > MAX_TEXT:
            problems.append(FieldViolation(field, "violation-list-text-length", {"max": MAX_TEXT}))
    chosen_types = _values(types, "types", problems)
    unknown = sorted(set(chosen_types) - KNOWN_TYPES)
    if unknown:
        problems.append(FieldViolation("types", "violation-list-unknown-type", {"value": ", ".join(unknown)}))
    start, end = _date(start_date, "start_date", problems), _date(end_date, "end_date", problems)
    if start and end and end < start:
        problems.append(FieldViolation("end_date", "violation-list-date-order", {}))
    if participation not in ("", ONLINE, IN_PERSON, HYBRID):
        problems.append(FieldViolation("participation", "violation-list-participation", {}))
    country = country_code.strip().upper()
    if country and not _COUNTRY.fullmatch(country):
        problems.append(FieldViolation("country_code", "violation-list-country", {"value": country_code}))
    chosen_wikis = _values(wikis, "wikis", problems)
    if any(not _WIKI.fullmatch(w) for w in chosen_wikis):
        problems.append(FieldViolation("wikis", "violation-list-wiki", {}))
    chosen_topics = _values(topics, "topics", problems)
    if not 0 <= page_size <= MAX_PAGE:
        problems.append(FieldViolation("page_size", "violation-list-page-size", {"max": MAX_PAGE}))
    if problems:
        return None, problems
    return Filters(section, name.strip(), query.strip(), chosen_types, start or today, end, participation, country,
                   chosen_wikis, include_all_wikis, chosen_topics, with_places_left,
                   page_size or DEFAULT_PAGE), []
