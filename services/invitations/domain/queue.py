"""Whose invitation list runs next. A person may have any number of lists waiting, but only their first
MAX_STARTED_PER_PERSON pending lists (the oldest) may run; the next starts when one of those ends (ready or
failed). Among the lists that may run, those of people with none running go first, then the longest waiting:
one person's many lists never hold back everyone else's. A job that could not read a wiki is tried again later,
each time waiting twice as long, up to half an hour."""
import datetime

MAX_STARTED_PER_PERSON = 3
FIRST_RETRY_SECONDS, LONGEST_RETRY_SECONDS = 30, 1800


def may_start(earlier_pending_of_owner: int) -> bool:
    """A list whose owner has this many older lists still pending."""
    return earlier_pending_of_owner < MAX_STARTED_PER_PERSON


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a job waits after its `attempts`-th attempt failed."""
    return datetime.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_RETRY_SECONDS))
