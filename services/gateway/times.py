"""Times at the REST boundary: MediaWiki 14-digit timestamps (local to the event's timezone) or ISO 8601."""
import datetime
import re

from eventcenter.services.kernel.timezones import format_local, parse_timezone

_MW = re.compile(r"[0-9]{14}")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?")


def to_local(value: str, timezone: str) -> str | None:
    """The event-local wall time "YYYY-MM-DDTHH:MM:SS" for an input time, or None when it is not a time.

    A 14-digit timestamp and an ISO time without offset are already local; an ISO time with an offset
    is moved into the event's timezone."""
    value = (value or "").strip()
    try:
        if _MW.fullmatch(value):
            return format_local(datetime.datetime.strptime(value, "%Y%m%d%H%M%S"))
        if not _ISO.fullmatch(value):
            return None
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        zone = parse_timezone(timezone)
        if zone is None:
            return None
        moment = moment.astimezone(zone).replace(tzinfo=None)
    return format_local(moment.replace(microsecond=0))


def local_to_mw(local: str) -> str:
    return local.replace("-", "").replace("T", "").replace(":", "")
