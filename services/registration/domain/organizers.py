"""Organizer changes: 1 to 10, each eligible; the creator stays unless they remove themselves."""
from dataclasses import dataclass

from eventcenter.services.kernel.errors import FieldViolation
from eventcenter.services.registration.domain import vocabulary as v
from eventcenter.services.registration.domain import wiki_names


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    eligible: bool  # holds event-organizer and is not blocked


def validate_organizers(
    requested_names: list[str], found: dict[str, Candidate], creator_id: int, caller_id: int
) -> list[FieldViolation]:
    """`creator_id`: the creator while they organize the event (0 once they removed themselves: then the others
    may change the list freely, as in CampaignEvents)."""
    field = "organizer_usernames"
    problems = []
    unique = list(dict.fromkeys(requested_names))
    if not unique:
        problems.append(FieldViolation(field, "violation-organizer-none", {}))
    elif not v.MIN_ORGANIZERS <= len(unique) <= v.MAX_ORGANIZERS:
        problems.append(FieldViolation(field, "violation-organizer-count",
                                       {"min": v.MIN_ORGANIZERS, "max": v.MAX_ORGANIZERS}))
    for name in unique:
        candidate = found.get(name)
        if hidden := wiki_names.hidden_character_violation(field, name):
            problems.append(hidden)
        elif candidate is None:
            problems.append(FieldViolation(field, "violation-organizer-unknown", {"value": name}))
        elif not candidate.eligible:
            problems.append(FieldViolation(field, "violation-organizer-ineligible", {"value": name}))
    kept_ids = {c.user_id for c in found.values() if c.name in unique}
    if creator_id and creator_id not in kept_ids and caller_id != creator_id:
        problems.append(FieldViolation(field, "violation-organizer-creator", {}))
    return problems
