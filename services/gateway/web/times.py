"""When an event happens, as a page shows it (docs/rules.md: online and hybrid events in the viewer's
timezone, in-person events in the event's own)."""
import datetime
import urllib.parse
from dataclasses import dataclass

from babel.dates import format_skeleton, format_time
from fastapi import Request

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.timezones import parse_timezone

TIMEZONE_COOKIE = "eventcenter_tz"
VIEWER_DEFAULT = "UTC"


@dataclass(frozen=True)
class ShownTimes:
    start: str
    end: str
    zone: str
    in_viewer_zone: bool  # not the event's own: the page marks them, to show them again once it knows the zone


def zone_unknown(request: Request) -> bool:
    """A page got by a plain visit from a browser that has not told its zone yet (its first): viewer-zone times on
    it are in UTC, and timezone.js shows the page again once it has told. Never after a form post."""
    return request.method == "GET" and not request.cookies.get(TIMEZONE_COOKIE)


def viewer_zone(cookie_value: str | None) -> str:
    """The zone the reader's browser reported, when it is a real one; UTC otherwise."""
    zone = urllib.parse.unquote(cookie_value or "")  # the script writes it URL-encoded ("Europe%2FParis")
    return zone if zone and parse_timezone(zone) is not None else VIEWER_DEFAULT


def _moment(moment: datetime.datetime, language: str) -> str:
    """Weekday, date and short time in the reader's language: "Wed, Feb 20, 2030 8:00 PM"."""
    return f"{format_skeleton('yMMMEd', moment, locale=language)} {format_time(moment, 'short', locale=language)}"


def _in_event_zone(event: pb.Event) -> bool:
    return event.participation_options == pb.PARTICIPATION_OPTIONS_IN_PERSON


def shown_zone(event: pb.Event, viewer: str) -> str:
    return event.timezone if _in_event_zone(event) else viewer


def shown_times(event: pb.Event, viewer: str, language: str) -> ShownTimes:
    zone_name = shown_zone(event, viewer)
    zone = parse_timezone(zone_name) or datetime.UTC
    start = event.start_time.ToDatetime(tzinfo=datetime.UTC).astimezone(zone)
    end = event.end_time.ToDatetime(tzinfo=datetime.UTC).astimezone(zone)
    return ShownTimes(_moment(start, language), _moment(end, language), zone_name, not _in_event_zone(event))
