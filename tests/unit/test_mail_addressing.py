"""One mail body per message, addressed to each recipient: the headers a reader's mail program needs."""
import email
import email.policy

from eventcenter.services.notifications.adapters.rendering import Rendered
from eventcenter.services.notifications.adapters.smtp import Attachment, addressed, compose_body

BODY = compose_body("Event Center <no-reply@eventcenter.test>",
                    Rendered("Vous êtes inscrit·e", "Bonjour\n", "<p>Bonjour</p>"), reply_to="ada@example.org")


def _read(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def test_a_plain_address_gets_to_date_and_message_id_before_the_shared_body():
    mail = _read(addressed(BODY, "bea@example.org", "<delivery-1.2@eventcenter.test>"))
    assert mail["To"] == "bea@example.org" and mail["Message-ID"] == "<delivery-1.2@eventcenter.test>"
    assert mail["Date"].datetime is not None and mail["Reply-To"] == "ada@example.org"
    assert mail["Subject"] == "Vous êtes inscrit·e" and mail.get_body(("plain",)).get_content().strip() == "Bonjour"


def test_the_body_holds_no_recipient_of_its_own():
    assert b"\nTo:" not in BODY and b"Message-ID" not in BODY


def test_an_address_that_needs_encoding_goes_through_the_email_package():
    mail = _read(addressed(BODY, "Zoë <zoe@example.org>", "<delivery-3.4@eventcenter.test>"))
    assert mail["To"].addresses[0].addr_spec == "zoe@example.org" and mail["To"].addresses[0].display_name == "Zoë"
    assert mail["Message-ID"] == "<delivery-3.4@eventcenter.test>" and mail["Subject"] == "Vous êtes inscrit·e"


def test_names_subjects_parts_and_attachments_survive_in_any_script():
    body = compose_body("Évènements Wikimédia <no-reply@eventcenter.test>",
                        Rendered("تأكيد التسجيل: ورشة", "مرحبا\n" * 40, "<p>مرحبا</p>"),
                        (Attachment("event.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text", "calendar"),),
                        reply_to="Zoë <zoe@example.org>")
    mail = _read(addressed(body, "bea@example.org", "<delivery-5.6@eventcenter.test>"))
    assert mail["From"].addresses[0].display_name == "Évènements Wikimédia"
    assert mail["Reply-To"].addresses[0].display_name == "Zoë" and mail["Subject"] == "تأكيد التسجيل: ورشة"
    assert mail.get_body(("plain",)).get_content() == "مرحبا\n" * 40
    assert mail.get_body(("html",)).get_content().strip() == "<p>مرحبا</p>"
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "event.ics" and attached.get_content_type() == "text/calendar"
    assert attached.get_payload(decode=True) == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert all(len(line) <= 998 for line in body.split(b"\r\n")) and b"\n" not in body.replace(b"\r\n", b"")


def test_every_header_line_fits_and_long_ones_are_folded():
    body = compose_body("Évènements Wikimédia <no-reply@eventcenter.test>",
                        Rendered("A subject long enough to need folding, " * 3 + "é" * 40, "text\n", "<p>html</p>"),
                        reply_to="Zoë Ámélie <zoe@example.org>")
    head = body.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n"))
    mail = _read(addressed(body, "bea@example.org", "<delivery-7.8@eventcenter.test>"))
    assert mail["Subject"] == "A subject long enough to need folding, " * 3 + "é" * 40
    assert mail["From"].addresses[0].display_name == "Évènements Wikimédia"
    assert mail["Reply-To"].addresses[0].display_name == "Zoë Ámélie"
