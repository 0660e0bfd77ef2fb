"""Mail goes over real SMTP: text, HTML and attachments arrive; refusals say whether to retry."""
import datetime
import zoneinfo

import icalendar
import pytest

from eventcenter.services.notifications.adapters.calendar_attachment import event_file
from eventcenter.services.notifications.adapters.rendering import render
from eventcenter.services.notifications.adapters.smtp import PermanentFailure, SmtpSender, TemporaryFailure, compose
from eventcenter.services.notifications.domain.confirmation_text import confirmation
from eventcenter.services.notifications.domain.message_model import EventFacts
from tests.smtp_server import SmtpServer

START = datetime.datetime(2030, 5, 1, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def _mail(message_id: str = "<m1@eventcenter.test>"):
    facts = EventFacts(name="Édit-a-thon", event_url="https://w.example/Event:E", list_url="https://w.example/events",
                       timezone="Europe/Paris", start=START, end=START + datetime.timedelta(hours=2),
                       participation="online_and_in_person", address="1 rue de Rivoli", country="France")
    rendered = render(confirmation(facts), "fr")
    return compose("Event Center <noreply@eventcenter.test>", "ada@example.org", rendered, message_id,
                   (event_file(42, facts, "eventcenter.test"),))


async def test_a_message_arrives_with_text_html_and_attachment(smtp):
    await SmtpSender("127.0.0.1", smtp.port).send(_mail())
    [received] = smtp.received
    assert received["To"] == "ada@example.org" and received["Message-ID"] == "<m1@eventcenter.test>"
    assert received["Subject"] == "Vous êtes inscrit·e à Édit-a-thon"
    assert "Édit-a-thon" in received.get_body(("plain",)).get_content()
    assert "</p>" in received.get_body(("html",)).get_content()
    assert "14:00" in received.get_body(("plain",)).get_content()  # the event's own time, as organizers set it
    [ics] = list(received.iter_attachments())
    assert ics.get_filename() == "event.ics" and ics.get_content_type() == "text/calendar"
    [entry] = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    assert entry.decoded("dtstart") == START and str(entry["location"]) == "1 rue de Rivoli, France"
    assert str(entry["uid"]) == "event-42@eventcenter.test"


async def test_a_4xx_refusal_is_temporary_and_a_5xx_permanent(smtp):
    smtp.refuse("451 4.3.0 try again later")
    with pytest.raises(TemporaryFailure):
        await SmtpSender("127.0.0.1", smtp.port).send(_mail())
    smtp.refuse("550 5.1.1 no such mailbox")
    with pytest.raises(PermanentFailure):
        await SmtpSender("127.0.0.1", smtp.port).send(_mail())
    assert smtp.received == []


async def test_no_server_is_temporary():
    from eventcenter.services.devstack.ports import free_port

    with pytest.raises(TemporaryFailure):
        await SmtpSender("127.0.0.1", free_port(), timeout=2).send(_mail())
