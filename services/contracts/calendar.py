"""Calendar files (RFC 5545) with the icalendar library: one event, or a list; for feeds and mail attachments."""
import datetime

from icalendar import Calendar, Event

PRODUCT = "-//Event Center//Campaign events//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def vevent(event_id: int, name: str, start: datetime.datetime, end: datetime.datetime, url: str, host: str,
           location: str = "", description: str = "", stamp: datetime.datetime | None = None) -> Event:
    """Times in UTC, so every calendar app places the event right whatever its own zone."""
    entry = Event()
    entry.add("uid", f"event-{event_id}@{host}")
    entry.add("dtstamp", stamp or datetime.datetime.now(datetime.UTC))
    entry.add("dtstart", start.astimezone(datetime.UTC))
    entry.add("dtend", end.astimezone(datetime.UTC))
    entry.add("summary", name)
    entry.add("url", url)
    if location:
        entry.add("location", location)
    if description:
        entry.add("description", description)
    return entry


def feed(name: str, entries: list[Event]) -> bytes:
    calendar = _calendar(name)
    for entry in entries:
        calendar.add_component(entry)
    return calendar.to_ical()
