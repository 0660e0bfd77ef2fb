"""The rules that decide a registration, for a single call and for a batch of calls alike: given the event as
stored, its counters, the caller and the request, whether the registration is refused (and why), is an edit of an
active one, waits on the passcode check, or takes a place (registered or waitlisted) with the counter changes."""
import datetime
from dataclasses import dataclass
from typing import Protocol

from eventcenter.services.kernel.errors import FailedPrecondition, InvalidArgument, NotFound, ServiceError
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.registration.domain import access, capacity, questions
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.domain.questions import AnswerValue


class EventState(Protocol):
    """What the rules read of an event (its stored row)."""
    id: int
    status: str
    end_utc: datetime.datetime
    delete_time: datetime.datetime | None
    question_ids: list[int] | tuple[int, ...]
    participant_limit: int
    passcode: str


@dataclass(frozen=True)
class Counters:
    registered: int
    waitlisted: int
    private: int
    next_queue_seq: int
    revision: int

    @classmethod
    def of(cls, row) -> "Counters":
        """An event's counters as stored."""
        return cls(row.registered, row.waitlisted, row.private, row.next_queue_seq, row.revision)

    def after(self, change: "CounterChange") -> "Counters":
        """The counters once a newcomer's change is written (a newcomer takes the next queue place)."""
        return Counters(self.registered + change.registered, self.waitlisted + change.waitlisted,
                        self.private + change.private, self.next_queue_seq + 1, self.revision + 1)


@dataclass(frozen=True)
class CounterChange:
    registered: int
    waitlisted: int
    private: int


@dataclass(frozen=True)
class Request:
    event_id: int
    private: bool
    answers: list[AnswerValue]


@dataclass(frozen=True)
class Refused:
    error: ServiceError


@dataclass(frozen=True)
class AlreadyRegistered:
    """The caller has an active registration: the call edits it (its visibility and answers)."""
    answers: list[AnswerValue]


@dataclass(frozen=True)
class PasscodeAsked:
    """Everything else allows a place; the event asks a passcode, whose tries are counted before one is given."""
    answers: list[AnswerValue]


@dataclass(frozen=True)
class Admitted:
    """Everything allows a place; which one depends on the counters, read under their lock."""
    answers: list[AnswerValue]


@dataclass(frozen=True)
class Placed:
    """A place: the counter changes to write and the counters after them. The newcomer's queue place is the
    counters' next one; on the waiting list, they are last."""
    answers: list[AnswerValue]
    state: str
    queue_seq: int
    change: CounterChange
    after: Counters

    @property
    def counted(self) -> bool:
        return self.state == capacity.REGISTERED

    @property
    def waitlist_position(self) -> int:
        return 0 if self.counted else self.after.waitlisted


Decision = Refused | AlreadyRegistered | PasscodeAsked | Admitted | Placed


def decide(event: EventState | None, caller: Identity, request: Request, now: datetime.datetime, *,
           active: bool = False, counters: Counters | None = None, passcode_checked: bool = False) -> Decision:
    """The checks in the order their errors are given. `active`: the caller holds an active registration of the
    event. Without `counters` an admitted call stops at Admitted; with them it is placed."""
    try:
        answers = _admit(event, caller, request, now)
    except ServiceError as error:
        return Refused(error)
    if active:
        return AlreadyRegistered(answers)
    assert event is not None  # (admitted)
    if event.status != v.STATUS_OPEN:
        return Refused(FailedPrecondition("EVENT_CLOSED", "error-event-closed", event_id=event.id))
    if event.end_utc < now:
        return Refused(FailedPrecondition("EVENT_ENDED", "error-event-ended", event_id=event.id))
    if event.passcode and not passcode_checked:
        return PasscodeAsked(answers)
    if counters is None:
        return Admitted(answers)
    state = capacity.place_for_newcomer(counters.registered, event.participant_limit, counters.waitlisted)
    counted = state == capacity.REGISTERED
    change = CounterChange(int(counted), int(not counted), int(counted and request.private))
    return Placed(answers, state, counters.next_queue_seq, change, counters.after(change))


def _admit(event: EventState | None, caller: Identity, request: Request, now: datetime.datetime) -> list[AnswerValue]:
    """The caller, the event's existence and the answers; the answers worth keeping."""
    access.require_not_blocked(caller)
    if event is None:
        raise NotFound("EVENT_NOT_FOUND", "error-event-not-found", event_id=request.event_id)
    if event.delete_time is not None:
        raise NotFound("EVENT_DELETED", "error-event-deleted", event_id=request.event_id)
    problems = questions.validate_answers(request.answers, tuple(event.question_ids))
    if problems:
        raise InvalidArgument(problems)
    return questions.meaningful(request.answers)
