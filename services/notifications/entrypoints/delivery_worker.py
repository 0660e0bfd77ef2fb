"""The delivery worker: takes due mail from the queue, renders it in the recipient's language and sends it.

Exactly once per (message, recipient): the queue holds one row per pair; a worker claims rows with
SKIP LOCKED, so replicas never share one; each row is marked sent right after the server accepted it (by
group commit, adapters/sent_log.py). A worker that dies leaves its claims to lapse and be taken again; the
one case that can repeat a mail is a death between the server's "250 OK" and that commit, and the repeat
carries the same Message-ID, by which receiving systems recognise it. What to do with a claim that ran short
or a failed attempt is decided in service_layer/delivery.py."""
import asyncio
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel.compiled import pooled_driver
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.notifications.adapters import deliveries
from eventcenter.services.notifications.adapters.mail_bodies import MailBodies
from eventcenter.services.notifications.adapters.sent_log import SentLog
from eventcenter.services.notifications.adapters.smtp import PermanentFailure, SmtpSender, TemporaryFailure, addressed
from eventcenter.services.notifications.domain import retry
from eventcenter.services.notifications.service_layer import delivery
from eventcenter.services.notifications.service_layer.unit_of_work import UnitOfWork

log = get_logger(__name__)


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
    def __init__(self, sessions: async_sessionmaker[AsyncSession], uow: UnitOfWork, sender: SmtpSender,
                 settings: MailSettings, now: Callable[[], datetime.datetime]) -> None:
        self.sessions = sessions
        self.uow = uow
        self.sender = sender
        self.settings = settings
        self.now = now
        self.wake = asyncio.Event()
        self.envelope_sender = parseaddr(settings.sender)[1]
        self.sent = SentLog(sessions, now)
        self.policy = delivery.RetryPolicy(settings.max_attempts, settings.first_retry)
        self.bodies = MailBodies(settings.sender, settings.preferences_url, self._mail_source)

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
        # The worker's statements run on the driver, each on its own: most of what each mail costs.
        async with pooled_driver(self.sessions) as connection:
            claimed = await deliveries.claim(connection, s.batch_size, self.now(), s.lease)
            # The messages of the bodies to make, read together (confirmations: one message per delivery).
            wanted = {row.message_id for row in claimed if self.bodies.wanted(row.message_id, row.language)}
            self.bodies.claimed_messages = await deliveries.messages_by_id(connection, wanted) if wanted else {}
        try:
            if claimed:
                await asyncio.gather(*(self._deliver(row) for row in claimed))
        finally:
            self.bodies.claimed_messages = {}
        return len(claimed)

    async def _deliver(self, row) -> None:
        if delivery.claim_too_short(self.now(), row.next_attempt_time, self.settings.lease):
            return await self.uow.run(lambda work: delivery.give_back(work, row.id))
        try:
            body = await self.bodies.body(row.message_id, row.language)
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
        retry_at = await self.uow.run(
            lambda work: delivery.record_failure(work, row.id, row.attempts, error, permanent, self.policy))
        log.warning("delivery_dead" if retry_at is None else "delivery_retry", delivery_id=row.id,
                    attempts=row.attempts, error=error)

    async def _mail_source(self, message_id: int, stored) -> delivery.MailSource:
        return await self.uow.run(lambda work: delivery.mail_source(work, message_id, stored))
