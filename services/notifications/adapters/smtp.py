"""Sends mail over real SMTP (aiosmtplib) and says whether a failure is worth retrying."""
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib

from eventcenter.services.notifications.rendering import Rendered


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str


class TemporaryFailure(Exception):
    """The server or the network may take it later (4xx, a timeout, a refused connection)."""


class PermanentFailure(Exception):
    """The server refused this message for good (5xx): retrying sends nothing."""


def compose(sender: str, recipient: str, rendered: Rendered, message_id: str,
            attachments: tuple[Attachment, ...] = (), reply_to: str = "") -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, recipient, rendered.subject
    # A stable id: a receiving server (and a test) can tell a repeat from a new message.
    mail["Message-ID"] = message_id or make_msgid()
    if reply_to:
        mail["Reply-To"] = reply_to
    mail.set_content(rendered.text)
    mail.add_alternative(rendered.html, subtype="html")
    for item in attachments:
        mail.add_attachment(item.content, maintype=item.maintype, subtype=item.subtype, filename=item.filename)
    return mail


class SmtpSender:
    def __init__(self, host: str, port: int, username: str = "", password: str = "", start_tls: bool = False,
                 timeout: float = 10.0) -> None:
        self.options = dict(hostname=host, port=port, username=username or None, password=password or None,
                            start_tls=start_tls, timeout=timeout)

    async def send(self, mail: EmailMessage) -> None:
        try:
            await aiosmtplib.send(mail, **self.options)
        except aiosmtplib.SMTPResponseException as error:
            if 400 <= error.code < 500:
                raise TemporaryFailure(f"{error.code} {error.message}") from error
            raise PermanentFailure(f"{error.code} {error.message}") from error
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise TemporaryFailure(repr(error)) from error
