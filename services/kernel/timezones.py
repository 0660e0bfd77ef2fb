"""Timezones: IANA names or fixed offsets written exactly "+HH:MM" / "-HH:MM"; local wall time."""
import datetime
import functools
import re
import zoneinfo

_OFFSET = re.compile(r"([+-])([0-9]{2}):([0-9]{2})")
_LOCAL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")


@functools.cache
def zone_names() -> frozenset[str]:
    # The system database also lists files that are not zones of the world.
    not_zones = {"localtime", "posixrules", "Factory"}
    return frozenset(n for n in zoneinfo.available_timezones()
                     if n not in not_zones and not n.startswith(("posix/", "right/")))
LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"


def parse_timezone(name: str) -> datetime.tzinfo | None:
    """The tzinfo for a name, or None when the name is not a timezone."""
    match = _OFFSET.fullmatch(name or "")
    if match:
        sign, hours, minutes = match.groups()
        if int(hours) > 14 or int(minutes) > 59:
            return None
        delta = datetime.timedelta(hours=int(hours), minutes=int(minutes))
        return datetime.timezone(-delta if sign == "-" else delta)
    if name not in zone_names():  # real IANA names only, not files such as "localtime"
        return None
    return zoneinfo.ZoneInfo(name)


def parse_local(text: str) -> datetime.datetime | None:
    if not isinstance(text, str) or not _LOCAL.fullmatch(text):
        return None
    try:
        return datetime.datetime.strptime(text, LOCAL_FORMAT)
    except (TypeError, ValueError):
        return None


def format_local(moment: datetime.datetime) -> str:
    return moment.strftime(LOCAL_FORMAT)


def to_utc(local: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    return local.replace(tzinfo=zone).astimezone(datetime.UTC)
