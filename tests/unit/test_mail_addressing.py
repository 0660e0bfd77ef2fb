"""One mail body per message, addressed to each recipient: the headers a reader's mail program needs."""
import email
import email.policy

from eventcenter.services.notifications.adapters.smtp import addressed, compose_body
from eventcenter.services.notifications.rendering import Rendered

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
