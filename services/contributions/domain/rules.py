"""When an edit may be associated with an event (pure rules, checked before anything is read or written)."""
import datetime
from dataclasses import dataclass

from eventcenter.services.kernel.errors import (
    AlreadyExists,
    FailedPrecondition,
    NotFound,
    PermissionDenied,
    ServiceError,
    invalid,
)
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity

BYTES_PER_WORD = 5.175  # the Programs & Events Dashboard's average for English


@dataclass(frozen=True)
class EventFacts:
    id: int
    wikis: tuple[str, ...]
    all_wikis: bool
    start: datetime.datetime
    end: datetime.datetime
    tracks_contributions: bool
    deleted: bool
    organizer_ids: frozenset[int]


@dataclass(frozen=True)
class Author:
    """The revision's author as the event's copy of participants knows them (None: not an active participant)."""
    user_id: int
    user_name: str
    private: bool


def check_event(event: EventFacts | None, wiki: str, known_wikis: set[str], now: datetime.datetime) -> EventFacts:
    """What can be refused before the wiki is asked anything."""
    if event is None or event.deleted:
        raise NotFound("EVENT_NOT_FOUND", "error-contribution-event-not-found")
    if wiki not in known_wikis:
        raise invalid("wiki", "violation-contribution-wiki-unknown", wiki=wiki)
    if not event.tracks_contributions:
        raise FailedPrecondition("CONTRIBUTIONS_NOT_TRACKED", "error-contribution-not-tracked", event_id=event.id)
    if not (event.all_wikis or wiki in event.wikis):
        raise FailedPrecondition("WIKI_NOT_IN_EVENT", "error-contribution-wiki-not-in-event", wiki=wiki,
                                 event_id=event.id)
    if not event.start <= now < event.end:
        raise FailedPrecondition("EVENT_NOT_ONGOING", "error-contribution-event-not-ongoing", event_id=event.id)
    return event


def require_not_blocked(caller: Identity) -> None:
    """Nobody blocked associates an edit or changes anything of an event's (their token's block, or an operator's)."""
    if caller.blocked:
        raise PermissionDenied("USER_BLOCKED", "error-contribution-blocked")


def can_edit(caller: Identity, event: EventFacts) -> bool:
    """CampaignEvents' "can edit": one of the event's organizers, holding the event-organizer right, not blocked."""
    return not caller.blocked and caller.has(RIGHT_ORGANIZER) and caller.user_id in event.organizer_ids


def require_organizer(caller: Identity, event: EventFacts) -> None:
    """What only the event's organizers do (goal, worklist, Dashboard link), as CampaignEvents' "can edit": one of
    its organizers who holds the event-organizer right (from wiki groups or granted by an operator, and not revoked)
    and is not blocked."""
    require_not_blocked(caller)
    if not caller.has(RIGHT_ORGANIZER):
        raise PermissionDenied("ORGANIZER_RIGHT_REQUIRED", "error-contribution-organizer-right-required")
    if caller.user_id not in event.organizer_ids:
        raise PermissionDenied("NOT_ORGANIZER", "error-contribution-not-organizer", event_id=event.id)


def check_revision(event: EventFacts, caller_id: int, caller_name: str, author_name: str, hidden: bool,
                   author: Author | None, edit_time: datetime.datetime) -> Author:
    """What can be refused once the revision is known: who asks, who wrote it, and when."""
    if hidden:
        raise FailedPrecondition("REVISION_HIDDEN", "error-contribution-revision-hidden")
    if caller_name != author_name and caller_id not in event.organizer_ids:
        raise PermissionDenied("NOT_AUTHOR_OR_ORGANIZER", "error-contribution-not-author", event_id=event.id)
    if author is None:
        raise author_not_participant(author_name, event.id)
    if not event.start <= edit_time <= event.end:
        raise FailedPrecondition("EDIT_OUTSIDE_EVENT", "error-contribution-edit-outside-event",
                                 edit_time=edit_time.strftime("%Y-%m-%d %H:%M:%S UTC"), event_id=event.id)
    return author


def author_not_participant(user_name: str, event_id: int) -> ServiceError:
    return FailedPrecondition("AUTHOR_NOT_PARTICIPANT", "error-contribution-author-not-participant",
                              user_name=user_name, event_id=event_id)


def words_added(bytes_delta: int) -> int:
    """Words from bytes, as the Dashboard counts them: added bytes only, 5.175 bytes a word, rounded."""
    return round(max(bytes_delta, 0) / BYTES_PER_WORD)


def already_associated() -> ServiceError:
    """One event per revision: a second association, to this event or another, is refused."""
    return AlreadyExists("REVISION_ALREADY_ASSOCIATED", "error-contribution-already-associated")
