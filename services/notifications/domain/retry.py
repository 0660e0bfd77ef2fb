"""When a failed delivery is tried again: exponential backoff with a cap, then the dead-letter state."""
import datetime

MAX_ATTEMPTS = 8
FIRST_DELAY = datetime.timedelta(seconds=30)
LONGEST_DELAY = datetime.timedelta(hours=2)


def delay_after(attempts: int, first: datetime.timedelta = FIRST_DELAY) -> datetime.timedelta:
    """30 s, 1 min, 2 min, 4 min … up to 2 hours; about 2 hours 7 minutes over all 8 attempts."""
    return min(first * (2 ** max(attempts - 1, 0)), LONGEST_DELAY)


def next_attempt(attempts: int, now: datetime.datetime, max_attempts: int = MAX_ATTEMPTS,
                 first: datetime.timedelta = FIRST_DELAY) -> datetime.datetime | None:
    """None once `attempts` used the last one: the delivery is dead."""
    if attempts >= max_attempts:
        return None
    return now + delay_after(attempts, first)
