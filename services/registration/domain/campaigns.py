"""Campaigns and programs (the Dashboard's hierarchy): their fields, coordinators, and who may change what.

Decisions: a program's dates need not lie within its campaign's (the Dashboard does not ask it either).
Attaching an event to a program needs coordinating that program (as its coordinator or its campaign's):
coordinators may gather any event, as Dashboard campaigns gather courses; an organizer who coordinates
nothing there asks a coordinator. Detaching needs coordinating the event's current program or organizing
the event, so organizers can always take their event back out. Moving needs both. Admins may do everything.
The event's organizers decide its membership: once one of them took it out of a program, that program's
coordinators cannot put it back; only its organizers can (and admins), coordinating the program or not.
"""
import datetime
from dataclasses import dataclass, replace

from eventcenter.services.kernel.errors import FieldViolation, PermissionDenied
from eventcenter.services.kernel.identity import RIGHT_ADMIN, Identity
from eventcenter.services.registration.domain import access, wiki_names
from eventcenter.services.registration.domain.organizers import Candidate

MAX_NAME_BYTES = 255
MAX_DESCRIPTION_BYTES = 8192
MIN_COORDINATORS = 1
MAX_COORDINATORS = 10
CAMPAIGNS_PAGE = 50
PROGRAMS_PAGE = 50
PROGRAM_EVENTS_PAGE = 50


@dataclass(frozen=True)
class PlanFields:
    """What a campaign and a program share: dates are "YYYY-MM-DD", inclusive."""

    name: str
    description: str
    start_date: str
    end_date: str

    def normalized(self) -> "PlanFields":
        return replace(self, name=self.name.strip(), description=self.description.strip(),
                       start_date=self.start_date.strip(), end_date=self.end_date.strip())

    def start(self) -> datetime.date:
        return datetime.date.fromisoformat(self.start_date)

    def end(self) -> datetime.date:
        return datetime.date.fromisoformat(self.end_date)


def parse_date(value: str) -> datetime.date | None:
    if len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def validate_plan(fields: PlanFields, prefix: str) -> list[FieldViolation]:
    """prefix: "campaign" or "program", the request field that holds these values."""
    problems = []
    if not fields.name or len(fields.name.encode()) > MAX_NAME_BYTES:
        problems.append(FieldViolation(f"{prefix}.name", "violation-plan-name", {"max": MAX_NAME_BYTES}))
    elif hidden := wiki_names.hidden_character_violation(f"{prefix}.name", fields.name):
        problems.append(hidden)
    if len(fields.description.encode()) > MAX_DESCRIPTION_BYTES:
        problems.append(FieldViolation(f"{prefix}.description", "violation-plan-description",
                                       {"max": MAX_DESCRIPTION_BYTES}))
    start, end = parse_date(fields.start_date), parse_date(fields.end_date)
    for name, value, parsed in (("start_date", fields.start_date, start), ("end_date", fields.end_date, end)):
        if parsed is None:
            problems.append(FieldViolation(f"{prefix}.{name}", "violation-plan-date", {"value": value}))
    if start is not None and end is not None and start > end:
        problems.append(FieldViolation(f"{prefix}.end_date", "violation-plan-end-before-start", {}))
    return problems


def validate_coordinators(requested_names: list[str], found: dict[str, Candidate], prefix: str) -> list[FieldViolation]:
    field = f"{prefix}.coordinator_usernames"
    problems = []
    unique = list(dict.fromkeys(requested_names))
    if not MIN_COORDINATORS <= len(unique) <= MAX_COORDINATORS:
        problems.append(FieldViolation(field, "violation-coordinator-count",
                                       {"min": MIN_COORDINATORS, "max": MAX_COORDINATORS}))
    for name in unique:
        candidate = found.get(name)
        if hidden := wiki_names.hidden_character_violation(field, name):
            problems.append(hidden)
        elif candidate is None:
            problems.append(FieldViolation(field, "violation-coordinator-unknown", {"value": name}))
        elif not candidate.eligible:
            problems.append(FieldViolation(field, "violation-coordinator-ineligible", {"value": name}))
    return problems


def is_admin(caller: Identity) -> bool:
    return caller.has(RIGHT_ADMIN) and not caller.blocked and not caller.anonymous


def _coordinates(caller: Identity, *coordinator_sets: set[int]) -> bool:
    return any(caller.user_id in ids for ids in coordinator_sets)


def require_may_create_campaign(caller: Identity) -> None:
    if not is_admin(caller):
        access.require_organizer_right(caller)


def require_campaign_coordinator(caller: Identity, campaign_coordinators: set[int], campaign_id: int) -> None:
    """Editing a campaign, its coordinators, or creating programs in it."""
    if is_admin(caller):
        return
    access.require_organizer_right(caller)
    if not _coordinates(caller, campaign_coordinators):
        raise PermissionDenied("NOT_A_COORDINATOR", "error-not-campaign-coordinator", campaign_id=campaign_id)


def require_program_coordinator(caller: Identity, program_coordinators: set[int], campaign_coordinators: set[int],
                                program_id: int) -> None:
    """Editing a program or attaching events to it: its coordinators or its campaign's."""
    if is_admin(caller):
        return
    access.require_organizer_right(caller)
    if not _coordinates(caller, program_coordinators, campaign_coordinators):
        raise PermissionDenied("NOT_A_COORDINATOR", "error-not-program-coordinator", program_id=program_id)


def require_may_attach(caller: Identity, event_organizers: set[int], program_coordinators: set[int],
                       campaign_coordinators: set[int], program_id: int, withdrawn_by_organizers: bool) -> None:
    """Putting an event into a program: its coordinators (or its campaign's); when the event's organizers took it
    out of that program, only they may put it back."""
    if is_admin(caller):
        return
    access.require_organizer_right(caller)
    if withdrawn_by_organizers:
        if not _coordinates(caller, event_organizers):
            raise PermissionDenied("WITHDRAWN_BY_ORGANIZERS", "error-program-withdrawn-by-organizers",
                                   program_id=program_id)
        return
    if not _coordinates(caller, program_coordinators, campaign_coordinators):
        raise PermissionDenied("NOT_A_COORDINATOR", "error-not-program-coordinator", program_id=program_id)


def withdraws(caller: Identity, event_organizers: set[int]) -> bool:
    """Whether taking the event out of its program is its organizers' decision (one of them does it), which a
    coordinator may not undo."""
    return not caller.anonymous and caller.user_id in event_organizers


def require_may_detach(caller: Identity, event_organizers: set[int], program_coordinators: set[int],
                       campaign_coordinators: set[int], program_id: int) -> None:
    """Taking an event out of its program: the program's (or campaign's) coordinators, or the event's organizers."""
    if is_admin(caller):
        return
    access.require_organizer_right(caller)
    if not _coordinates(caller, event_organizers, program_coordinators, campaign_coordinators):
        raise PermissionDenied("NOT_A_COORDINATOR", "error-not-program-coordinator", program_id=program_id)
