"""Event timezones: IANA names or fixed offsets written exactly "+HH:MM" / "-HH:MM"."""
import datetime
import re
import zoneinfo

_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"


def parse_timezone(name: str) -> datetime.tzinfo | None:
    """The tzinfo for a name, or None when the name is not a timezone."""
    match = _OFFSET.match(name or "")
    if match:
        sign, hours, minutes = match.groups()
        if int(hours) > 14 or int(minutes) > 59:
            return None
        delta = datetime.timedelta(hours=int(hours), minutes=int(minutes))
        return datetime.timezone(-delta if sign == "-" else delta)
    if not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def parse_local(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(text, LOCAL_FORMAT)
    except (TypeError, ValueError):
        return None


def format_local(moment: datetime.datetime) -> str:
    return moment.strftime(LOCAL_FORMAT)


def to_utc(local: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    return local.replace(tzinfo=zone).astimezone(datetime.UTC)
