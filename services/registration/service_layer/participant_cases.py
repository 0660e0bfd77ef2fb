"""Use cases on an event's participants: lists, waiting list, removal, and promotion from the waiting list."""
import base64
from dataclasses import dataclass, field

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.kernel.errors import PermissionDenied, invalid
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.registration.adapters import protobuf
from eventcenter.services.registration.domain import access, capacity, questions
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.domain.questions import AnswerValue
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.unit_of_work import Work


def encode_page_token(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"p:{last_id}".encode()).decode()


def decode_page_token(token: str) -> int:
    try:
        kind, _, value = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if kind != "p":
            raise ValueError(kind)
        return int(value)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid("page_token", "violation-page-token") from error


async def promote_waiting(work: Work, event_row, counters) -> None:
    """Fills freed places from the waiting list, first come first served. Needs the counter row locked."""
    if event_row.delete_time is not None or event_row.end_utc < work.now:
        return
    room = capacity.free_places(counters.registered, event_row.participant_limit, counters.waitlisted)
    if not room:
        return
    promoted = await work.store.participants.waiting(event_row.id, limit=room)
    revisions = await work.store.participants.promote([p.id for p in promoted])
    counters = await work.store.events.change_counters(
        event_row.id, registered=len(promoted), waitlisted=-len(promoted),
        private=sum(1 for p in promoted if p.private))
    event = protobuf.event_message(event_row, counters, work.now)
    for row in promoted:
        participant = protobuf.participant_message(row, revision=revisions[row.id])
        participant.state = protobuf.STATE[capacity.REGISTERED]
        work.emit(events_pb2.WaitlistPromoted(event=event, participant=participant))


@dataclass
class ParticipantsPage:
    participants: list
    next_page_token: str
    counters: object
    caller_organizes: bool
    # For organizers while the event is not over: the non-personal questions, and each participant's answers.
    question_ids: tuple[int, ...] = ()
    answers: list[tuple[int, list[AnswerValue], bool]] = field(default_factory=list)


async def list_participants(work: Work, identity: Identity, event_id: int, include_private: bool, name_filter: str,
                            exclude: list[int], page_size: int, page_token: str, last_participant_id: int):
    caller = await callers.resolve(work, identity)
    event_row = await callers.load_event(work, event_id)
    organizer_ids = await callers.organizer_ids(work, event_id)
    if include_private and not access.may_see_private(caller, organizer_ids):
        raise PermissionDenied("CANNOT_SEE_PRIVATE", "error-private-denied", event_id=event_id)
    organizes = access.may_edit(caller, organizer_ids)
    if not 0 <= page_size <= v.PARTICIPANTS_PAGE:
        raise invalid("page_size", "violation-page-size", max=v.PARTICIPANTS_PAGE)
    limit = page_size or v.PARTICIPANTS_PAGE
    after = decode_page_token(page_token) if page_token else max(last_participant_id, 0)
    rows = await work.store.participants.registered_page(event_id, include_private, name_filter.strip(),
                                              exclude, after, limit + 1)
    counters = await work.store.events.counters(event_id)
    more = len(rows) > limit
    rows = rows[:limit]
    token = encode_page_token(rows[-1].id) if more else ""
    page = ParticipantsPage([protobuf.participant_message(r) for r in rows], token, counters, organizes)
    if organizes and event_row.end_utc >= work.now:  # as CampaignEvents: organizers see them until the event ends
        page.question_ids = questions.non_personal(tuple(event_row.question_ids))
        found = await work.store.participants.answers_of_many([r.id for r in rows], page.question_ids)
        page.answers = [(r.id, found.get(r.id, []), r.aggregation_time is not None) for r in rows]
    return page


async def list_waitlist(work: Work, identity: Identity, event_id: int):
    caller = await callers.resolve(work, identity)
    await callers.load_event(work, event_id)
    if not access.may_see_private(caller, await callers.organizer_ids(work, event_id)):
        raise PermissionDenied("NOT_AN_ORGANIZER", "error-not-organizer", event_id=event_id)
    rows = await work.store.participants.waiting(event_id)
    return [protobuf.participant_message(r, position) for position, r in enumerate(rows, start=1)]


async def remove_participants(work: Work, identity: Identity, event_id: int, user_ids: list[int] | None,
                              invert: bool) -> tuple[int, int]:
    caller = await callers.resolve(work, identity, remember=True)
    event_row = await callers.load_event(work, event_id)
    access.require_event_organizer(caller, await callers.organizer_ids(work, event_id), event_id)
    if invert and user_ids is None:
        raise invalid("invert_users", "violation-invert-needs-ids")
    removed = await work.store.participants.active_for_removal(event_id, user_ids, invert)
    if not removed:
        return 0, 0
    revisions = await work.store.participants.soft_delete([r.id for r in removed])
    registered = [r for r in removed if r.state == capacity.REGISTERED]
    await work.store.events.counters(event_id, lock=True)
    counters = await work.store.events.change_counters(
        event_id, registered=-len(registered), waitlisted=-(len(removed) - len(registered)),
        private=-sum(1 for r in registered if r.private))
    public = sum(1 for r in removed if not r.private)
    private = len(removed) - public
    work.emit(events_pb2.ParticipantsRemoved(
        event=protobuf.event_message(event_row, counters, work.now),
        participants=[protobuf.participant_message(r, revision=revisions[r.id]) for r in removed],
        public=public, private=private))
    await promote_waiting(work, event_row, counters)
    return public, private
