"""Event passcodes: how long a new one must be, and how many wrong tries one person gets at one event.

Only passcodes set from now on are held to the length: an event whose shorter passcode was set before keeps it,
and people still register with it (an edit that leaves it unchanged is not refused either). Wrong tries are
counted per person and event over a sliding window, by the service's clock."""
import datetime
import hmac
from collections.abc import Sequence

MIN_LENGTH = 6
MAX_WRONG_TRIES = 10
WINDOW = datetime.timedelta(minutes=10)


def too_short(passcode: str, previous: str | None) -> bool:
    """A passcode set here (not the one the event already had) shorter than MIN_LENGTH; none at all is fine."""
    return bool(passcode) and len(passcode) < MIN_LENGTH and passcode != previous


def matches(expected: str, given: str) -> bool:
    """In constant time; the passcode as typed, trimmed as stored."""
    return hmac.compare_digest(expected.encode(), given.strip().encode())


def window_start(now: datetime.datetime) -> datetime.datetime:
    return now - WINDOW


def wait_before_next_try(wrong_tries: Sequence[datetime.datetime],
                         now: datetime.datetime) -> datetime.timedelta | None:
    """None while the person may try again; else how long until they may. `wrong_tries`: the times of their
    wrong passcodes at the event, newest first (at least the MAX_WRONG_TRIES newest of the window). They may try
    once fewer than MAX_WRONG_TRIES of them lie in the last WINDOW: when the MAX_WRONG_TRIES-th newest leaves it."""
    recent = [t for t in wrong_tries if t > window_start(now)][:MAX_WRONG_TRIES]
    if len(recent) < MAX_WRONG_TRIES:
        return None
    return recent[-1] + WINDOW - now


def whole_minutes(wait: datetime.timedelta) -> int:
    """The wait as people are told it: whole minutes, rounded up, at least one."""
    return max(1, -(-int(wait.total_seconds()) // 60))
