"""The event as an iCalendar file attached to a confirmation, so the participant's calendar holds it."""
from eventcenter.services.kernel.calendar import feed, vevent
from eventcenter.services.notifications.adapters.smtp import Attachment
from eventcenter.services.notifications.domain.confirmation import EventFacts


def event_file(event_id: int, event: EventFacts, host: str) -> Attachment:
    location = ", ".join(part for part in (event.address, event.country) if part)
    entry = vevent(event_id, event.name, event.start, event.end, event.event_url, host, location=location)
    return Attachment("event.ics", feed(event.name, [entry]), "text", "calendar")
