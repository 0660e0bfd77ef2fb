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


def check_goal(metric: str, target: int) -> None:
    if metric not in METRICS:
        raise invalid("metric", "violation-contribution-goal-metric")
    if target < 1:
        raise invalid("target", "violation-contribution-goal-target")


def completion(actual: int, target: int) -> float:
    return min(actual / target, 1.0)
