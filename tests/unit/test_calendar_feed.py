"""Calendar feeds are valid RFC 5545 that parse back to the same events."""
import datetime

from icalendar import Calendar

from eventcenter.services.contracts.calendar import feed, vevent

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def test_a_feed_parses_back_with_utc_times_stable_uids_and_escaped_text():
    start = datetime.datetime(2030, 2, 20, 20, 0, tzinfo=PARIS)
    entry = vevent(7, "Edit-a-thon; art, women", start, start + datetime.timedelta(hours=3),
                   "https://events.example.org/event/7", "events.example.org", location="Paris, FR",
                   stamp=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    raw = feed("Event Center", [entry])
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR\r\n" in raw
    assert b"SUMMARY:Edit-a-thon\\; art\\, women" in raw
    parsed = Calendar.from_ical(raw)
    [event] = parsed.walk("VEVENT")
    assert str(event["uid"]) == "event-7@events.example.org"
    assert event.decoded("dtstart") == datetime.datetime(2030, 2, 20, 19, 0, tzinfo=datetime.UTC)
    assert str(event["summary"]) == "Edit-a-thon; art, women" and str(parsed["version"]) == "2.0"
