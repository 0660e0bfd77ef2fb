"""Sends mail over real SMTP (aiosmtplib) and says whether a failure is worth retrying."""
import asyncio
import email.policy
import secrets
from dataclasses import dataclass
from email import encoders
from email.charset import BASE64, Charset
from email.header import Header
from email.message import EmailMessage
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import formataddr, formatdate, make_msgid, parseaddr

import aiosmtplib

from eventcenter.services.notifications.adapters.rendering import Rendered


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


def compose(
    sender: str,
    recipient: str,
    rendered: Rendered,
    message_id: str,
    attachments: tuple[Attachment, ...] = (),
    reply_to: str = "",
    addressed_later: bool = False,
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["Subject"] = sender, rendered.subject
    if not addressed_later:
        mail["To"], mail["Date"] = recipient, formatdate(usegmt=True)
        # A stable id: a receiving server (and a test) can tell a repeat from a new message.
        mail["Message-ID"] = message_id or make_msgid()
    if reply_to:
        mail["Reply-To"] = reply_to
    mail.set_content(rendered.text)
    mail.add_alternative(rendered.html, subtype="html")
    for item in attachments:
        mail.add_attachment(item.content, maintype=item.maintype, subtype=item.subtype, filename=item.filename)
    return mail


# Mail bodies use the legacy MIME classes with a compat32 policy, lines ending in CRLF as SMTP carries them:
# EmailMessage and the default policy parse and refold every header through the header registry, most of what a
# confirmation cost to send (a body now costs about a ninth of that).
class _SmtpCompat32(Compat32):
    """compat32 with CRLF line ends, which writes an ASCII header that fits one line (78 characters) as it is:
    the stock policy builds and encodes a Header object for every header of every part, most of the cost of a
    small mail."""

    def fold_binary(self, name: str, value) -> bytes:
        if isinstance(value, _Folded) or (isinstance(value, str) and value.isascii() and len(name) + len(value) <= 76
                                          and not _BREAKS & set(value)):
            return f"{name}: {value}\r\n".encode("ascii")
        return super().fold_binary(name, value)


_BREAKS = {"\r", "\n"}
_SMTP_COMPAT32 = _SmtpCompat32(linesep="\r\n")
# Encoded words in base64: "utf-8" alone weighs quoted-printable against base64 character by character.
_UTF8_BASE64 = Charset("utf-8")
_UTF8_BASE64.header_encoding = BASE64


def compose_body(sender: str, rendered: Rendered, attachments: tuple[Attachment, ...] = (),
                 reply_to: str = "") -> bytes:
    """A mail without its recipient, as SMTP carries it: made once per message and language, then addressed
    to each recipient with `addressed` (a fan-out to thousands does not build thousands of MIME trees)."""
    # Random boundaries given up front: the generator would otherwise search the whole body for its own.
    body = MIMEMultipart("alternative", boundary=secrets.token_hex(12), policy=_SMTP_COMPAT32)
    body.attach(MIMEText(rendered.text, "plain", "utf-8", policy=_SMTP_COMPAT32))
    body.attach(MIMEText(rendered.html, "html", "utf-8", policy=_SMTP_COMPAT32))
    mail = body
    if attachments:
        mail = MIMEMultipart("mixed", boundary=secrets.token_hex(12), policy=_SMTP_COMPAT32)
        mail.attach(body)
        for item in attachments:
            part = MIMEBase(item.maintype, item.subtype, policy=_SMTP_COMPAT32)
            part.set_payload(item.content)
            encoders.encode_base64(part)
            part.add_header("Content-Disposition", "attachment", filename=item.filename)
            mail.attach(part)
    for name, value in (("From", sender), ("Subject", rendered.subject), ("Reply-To", reply_to)):
        if value:
            mail[name] = _header(name, value)
    return mail.as_bytes()


def _header(name: str, value: str) -> str | Header:
    """Non-ASCII header text as RFC 2047 encoded words (base64). A subject is split in words that fit their
    lines; an address's display name stays one word (a name split inside a word comes back with a space in it
    from some readers, Python's among them)."""
    if value.isascii():
        return value
    person, address = parseaddr(value)
    if name == "Subject" or not (person and address.isascii()):
        return Header(value, _UTF8_BASE64, header_name=name)
    return _Folded(formataddr((person, address), charset=_UTF8_BASE64))


class _Folded(str):
    """A header value encoded already, written as it is (at most 998 characters: the limit of a line)."""


def addressed(body: bytes, recipient: str, message_id: str) -> bytes:
    """The body with its To, Date and Message-ID headers (written directly for a plain address: the email
    package takes a hundred times longer)."""
    date = formatdate(usegmt=True)
    if recipient.isascii() and not any(c in recipient for c in '\r\n,;:<>()"'):
        return f"To: {recipient}\r\nDate: {date}\r\nMessage-ID: {message_id}\r\n".encode() + body
    headers = EmailMessage(policy=email.policy.SMTP)
    headers["To"], headers["Date"], headers["Message-ID"] = recipient, date, message_id
    return headers.as_bytes()[:-2] + body  # without the blank line that ends a header block


class SmtpSender:
    """Keeps up to `connections` SMTP sessions open and sends over them: a fan-out of thousands of mails
    pays the TCP, greeting and STARTTLS cost once per connection, not once per mail."""

    def __init__(self, host: str, port: int, username: str = "", password: str = "", start_tls: bool = False,
                 timeout: float = 10.0, connections: int = 1) -> None:
        self.options = dict(hostname=host, port=port, username=username or None, password=password or None,
                            start_tls=start_tls, timeout=timeout)
        self.slots = asyncio.Semaphore(connections)
        self.idle: list[aiosmtplib.SMTP] = []

    async def _client(self) -> aiosmtplib.SMTP:
        while self.idle:
            client = self.idle.pop()
            if client.is_connected:
                return client
        client = aiosmtplib.SMTP(**self.options)
        await client.connect()
        return client

    async def send(self, mail: EmailMessage) -> None:
        await self._over_a_session(lambda client: client.send_message(mail))

    async def send_raw(self, sender: str, recipient: str, data: bytes) -> None:
        """Sends a mail already in SMTP form (see `addressed`); `sender` is the envelope's address."""
        await self._over_a_session(lambda client: client.sendmail(sender, [recipient], data))

    async def _over_a_session(self, send) -> None:
        async with self.slots:
            client = None
            try:
                client = await self._client()
                await send(client)
            except aiosmtplib.SMTPResponseException as error:
                await self._discard(client)  # the session's state after a refusal is not worth trusting
                if 400 <= error.code < 500:
                    raise TemporaryFailure(f"{error.code} {error.message}") from error
                raise PermanentFailure(f"{error.code} {error.message}") from error
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                await self._discard(client)
                raise TemporaryFailure(repr(error)) from error
            self.idle.append(client)

    @staticmethod
    async def _discard(client: aiosmtplib.SMTP | None) -> None:
        if client is not None and client.is_connected:
            client.close()

    async def close(self) -> None:
        idle, self.idle = self.idle, []
        for client in idle:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()
