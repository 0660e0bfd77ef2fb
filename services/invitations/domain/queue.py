"""Whose invitation list runs next. A person may have any number of lists waiting, but only their first
MAX_STARTED_PER_PERSON pending lists (the oldest) may run; the next starts when one of those ends (ready or
failed). Among the lists that may run, those of people with none running go first, then the longest waiting:
one person's many lists never hold back everyone else's."""

MAX_STARTED_PER_PERSON = 3


def may_start(earlier_pending_of_owner: int) -> bool:
    """A list whose owner has this many older lists still pending."""
    return earlier_pending_of_owner < MAX_STARTED_PER_PERSON
