"""Event metrics counted from its associated edits, and how far the event's goal is reached (pure)."""
import datetime
from dataclasses import dataclass, fields

from eventcenter.services.kernel.errors import invalid

MAIN_NAMESPACE = 0


@dataclass(frozen=True)
class Edit:
    wiki: str
    page_title: str
    namespace: int
    user_id: int
    user_registration: datetime.datetime | None
    bytes_delta: int
    page_created: bool
    links_added: int
    links_removed: int
    words_added: int


@dataclass(frozen=True)
class Metrics:
    participants: int = 0
    editors: int = 0
    new_editors: int = 0
    articles_created: int = 0
    articles_edited: int = 0
    edits: int = 0
    bytes_added: int = 0
    bytes_removed: int = 0
    links_added: int = 0
    links_removed: int = 0
    words_added: int = 0


METRICS = tuple(f.name for f in fields(Metrics))


def count(edits: list[Edit], participants: int, start: datetime.datetime, end: datetime.datetime) -> Metrics:
    """Articles are main-namespace pages: created (the edit made the page) or edited (an existing one changed);
    new editors: authors whose account was registered during the event."""
    articles = [e for e in edits if e.namespace == MAIN_NAMESPACE]
    registered = {e.user_id: e.user_registration for e in edits}
    return Metrics(
        participants=participants, editors=len(registered),
        new_editors=sum(1 for when in registered.values() if when is not None and start <= when <= end),
        articles_created=len({(e.wiki, e.page_title) for e in articles if e.page_created}),
        articles_edited=len({(e.wiki, e.page_title) for e in articles if not e.page_created}),
        edits=len(edits), bytes_added=sum(max(e.bytes_delta, 0) for e in edits),
        bytes_removed=sum(max(-e.bytes_delta, 0) for e in edits),
        links_added=sum(e.links_added for e in edits), links_removed=sum(e.links_removed for e in edits),
        words_added=sum(e.words_added for e in edits))


MAX_EVENTS = 1000
PEOPLE = ("participants", "editors", "new_editors")


@dataclass(frozen=True)
class EventCounts:
    """One event's edits, its active participants and its dates, for counting several events together."""
    edits: list[Edit]
    participant_ids: frozenset[int]
    start: datetime.datetime
    end: datetime.datetime


def check_events(event_ids: list[int]) -> None:
    if len(event_ids) > MAX_EVENTS:
        raise invalid("event_ids", "violation-contribution-too-many-events", max=MAX_EVENTS)


def count_together(events: list[EventCounts]) -> Metrics:
    """Counts summed over the events, except people: a participant, editor or new editor (new in any of the
    events they edited for) is counted once however many of the events they took part in."""
    each = [count(e.edits, len(e.participant_ids), e.start, e.end) for e in events]
    participants = set().union(*(e.participant_ids for e in events))
    editors = {edit.user_id for e in events for edit in e.edits}
    new_editors = {edit.user_id for e in events for edit in e.edits
                   if edit.user_registration is not None and e.start <= edit.user_registration <= e.end}
    summed = {name: sum(getattr(m, name) for m in each) for name in METRICS if name not in PEOPLE}
    return Metrics(participants=len(participants), editors=len(editors), new_editors=len(new_editors), **summed)


def check_goal(metric: str, target: int) -> None:
    if metric not in METRICS:
        raise invalid("metric", "violation-contribution-goal-metric")
    if target < 1:
        raise invalid("target", "violation-contribution-goal-target")


def completion(actual: int, target: int) -> float:
    return min(actual / target, 1.0)


@dataclass(frozen=True)
class GoalProgress:
    """An event's goal (one metric, a target) and how far its metrics reach it."""
    metric: str
    target: int
    actual: int
    completion: float
    revision: int


def progress(metric: str, target: int, revision: int, counted: Metrics) -> GoalProgress:
    actual = getattr(counted, metric)
    return GoalProgress(metric, target, actual, completion(actual, target), revision)
