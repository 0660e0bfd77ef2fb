"""Which copy of an event the read model keeps: each registration event carries the whole event, so the newest
copy is enough, whatever order the copies come in (the event's fields from its newest revision, its counts from
their newest revision)."""
from typing import Any

EventValues = dict[str, Any]  # one event's row values, with "revision", "counts_revision" and "registered"


def newest(kept: EventValues | None, copy: EventValues) -> EventValues:
    """What applying both copies would leave: the event as its newest revision has it, the newest counts."""
    if kept is None:
        return copy
    counts = max((kept["counts_revision"], kept["registered"]), (copy["counts_revision"], copy["registered"]))
    chosen = copy if copy["revision"] >= kept["revision"] else kept
    return {**chosen, "counts_revision": counts[0], "registered": counts[1]}


def organizers_apply(kept_revision: int, copy_revision: int) -> bool:
    """A copy's organizers replace the kept ones unless a newer copy of the event already came (its organizers
    come with it or after it)."""
    return kept_revision <= copy_revision
