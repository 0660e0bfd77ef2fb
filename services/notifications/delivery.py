"""The delivery worker: takes due mail from the queue, renders it in the recipient's language and sends it.

Exactly once per (message, recipient): the queue holds one row per pair; a worker claims rows with
SKIP LOCKED, so replicas never share one; each row is marked sent right after the server accepted it (by
group commit, adapters/sent_log.py). A worker that dies leaves its claims to lapse and be taken again; the
one case that can repeat a mail is a death between the server's "250 OK" and that commit, and the repeat
carries the same Message-ID, by which receiving systems recognise it."""
import asyncio
import datetime
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel.compiled import pooled_driver
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.notifications.adapters import contacts, deliveries
from eventcenter.services.notifications.adapters.sent_log import SentLog
from eventcenter.services.notifications.adapters.smtp import (
    Attachment,
    PermanentFailure,
    SmtpSender,
    TemporaryFailure,
    addressed,
    compose_body,
)
from eventcenter.services.notifications.domain import codec, retry
from eventcenter.services.notifications.rendering import render

log = get_logger(__name__)
CACHED_RENDERINGS = 256


@dataclass(frozen=True)
class MailSettings:
    sender: str  # the From header, e.g. "Event Center <no-reply@example.org>"
    domain: str  # the right-hand side of Message-IDs
    preferences_url: str
    batch_size: int = 100
    lease: datetime.timedelta = datetime.timedelta(seconds=60)
    idle_seconds: float = 0.5
    max_attempts: int = retry.MAX_ATTEMPTS
    first_retry: datetime.timedelta = retry.FIRST_DELAY


class DeliveryWorker:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], sender: SmtpSender, settings: MailSettings,
                 now: Callable[[], datetime.datetime]) -> None:
        self.sessions = sessions
        self.sender = sender
        self.settings = settings
        self.now = now
        self.wake = asyncio.Event()
        self.envelope_sender = parseaddr(settings.sender)[1]
        self.sent = SentLog(sessions, now)
        # One mail body per (message, language), however many recipients share it; a task, so that a batch
        # of recipients of a new message waits for one rendering instead of making one each.
        self.bodies: OrderedDict[tuple[int, str], asyncio.Task[bytes]] = OrderedDict()
        self.claimed_messages: dict[int, object] = {}  # the current batch's messages, read with its claim
        # Bodies by what they are made of: messages with the same content share one (the confirmations of one
        # event are a message each, alike but for the waiting list's places).
        self.bodies_by_content: OrderedDict[tuple, bytes] = OrderedDict()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await self.run_once()
            except Exception as error:  # the database is away: try again shortly
                log.warning("delivery_batch_failed", error=repr(error))
                handled = 0
            if not handled:
                self.wake.clear()
                waits = [asyncio.ensure_future(self.wake.wait()), asyncio.ensure_future(stop.wait())]
                await asyncio.wait(waits, timeout=self.settings.idle_seconds, return_when=asyncio.FIRST_COMPLETED)
                for waiting in waits:
                    waiting.cancel()

    async def run_once(self) -> int:
        """Claims one batch and sends it; returns how many deliveries it handled."""
        s = self.settings
        await self.sent.flush()
        async with pooled_driver(self.sessions) as connection:
            claimed = await deliveries.claim(connection, s.batch_size, self.now(), s.lease)
            # The messages of the bodies to make, read together (confirmations: one message per delivery).
            wanted = {row.message_id for row in claimed if (row.message_id, row.language) not in self.bodies}
            self.claimed_messages = await deliveries.messages_by_id(connection, wanted) if wanted else {}
        try:
            if claimed:
                await asyncio.gather(*(self._deliver(row) for row in claimed))
        finally:
            self.claimed_messages = {}
        return len(claimed)

    async def _deliver(self, row) -> None:
        if self.now() > row.next_attempt_time - self.settings.lease / 2:
            # The batch waited long for free connections: too little of the claim is left to be sure another
            # replica will not take this one meanwhile. Give it back for the next claim, ours or another's.
            async with self.sessions() as session, session.begin():
                return await deliveries.release(session, row.id, self.now())
        try:
            body = await self._body(row.message_id, row.language)
            mail = addressed(body, row.address, f"<delivery-{row.id}.{row.message_id}@{self.settings.domain}>")
            await self.sender.send_raw(self.envelope_sender, row.address, mail)
        except TemporaryFailure as error:
            return await self._failed(row, str(error), permanent=False)
        except PermanentFailure as error:
            return await self._failed(row, str(error), permanent=True)
        except Exception as error:  # a bug or a bad address: counts as an attempt, not a crash of the batch
            log.exception("delivery_failed", delivery_id=row.id)
            return await self._failed(row, repr(error), permanent=False)
        await self.sent.record(row.id)

    async def _failed(self, row, error: str, permanent: bool) -> None:
        s = self.settings
        retry_at = None if permanent else retry.next_attempt(row.attempts, self.now(), s.max_attempts, s.first_retry)
        log.warning("delivery_dead" if retry_at is None else "delivery_retry", delivery_id=row.id,
                    attempts=row.attempts, error=error)
        async with self.sessions() as session, session.begin():
            await deliveries.mark_failed(session, row.id, error, retry_at)

    def _body(self, message_id: int, language: str) -> asyncio.Task[bytes]:
        key = (message_id, language)
        if key in self.bodies and not (self.bodies[key].done() and self.bodies[key].exception()):
            self.bodies.move_to_end(key)
            return self.bodies[key]
        self.bodies[key] = asyncio.ensure_future(self._make_body(message_id, language))
        if len(self.bodies) > CACHED_RENDERINGS:
            self.bodies.popitem(last=False)
        return self.bodies[key]

    async def _make_body(self, message_id: int, language: str) -> bytes:
        stored, reply_to = self.claimed_messages.get(message_id), ""
        if stored is None or stored.reply_to_user_id:
            async with self.sessions() as session:
                stored = stored or await deliveries.message(session, message_id)
                if stored.reply_to_user_id:
                    person = await contacts.contact(session, stored.reply_to_user_id)
                    reply_to = person.email if person and person.email else ""
        key = (stored.content, stored.attachment, reply_to, language)
        if (body := self.bodies_by_content.get(key)) is not None:
            self.bodies_by_content.move_to_end(key)
            return body
        attachments = (Attachment("event.ics", stored.attachment, "text", "calendar"),) if stored.attachment else ()
        rendered = render(codec.loads(stored.content), language, self.settings.preferences_url)
        body = self.bodies_by_content[key] = compose_body(self.settings.sender, rendered, attachments, reply_to)
        if len(self.bodies_by_content) > CACHED_RENDERINGS:
            self.bodies_by_content.popitem(last=False)
        return body
