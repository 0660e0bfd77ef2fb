"""The event as an iCalendar file attached to a confirmation, so the participant's calendar holds it."""
import datetime
import functools

from eventcenter.services.contracts.calendar import feed, vevent
from eventcenter.services.notifications.adapters.smtp import Attachment
from eventcenter.services.notifications.domain.message_model import EventFacts


def event_file(event_id: int, event: EventFacts, host: str) -> Attachment:
    location = ", ".join(part for part in (event.address, event.country) if part)
    content = _calendar(event_id, event.name, event.start, event.end, event.event_url, host, location)
    return Attachment("event.ics", content, "text", "calendar")


@functools.lru_cache(maxsize=1024)
def _calendar(event_id: int, name: str, start: datetime.datetime, end: datetime.datetime, url: str, host: str,
              location: str) -> bytes:
    """Every registration to an event attaches the same file (until the event changes): made once, it is reused
    (its DTSTAMP, when the file was made, is then that first time)."""
    return feed(name, [vevent(event_id, name, start, end, url, host, location=location)])
