"""The delivery worker's decisions (entrypoints/delivery_worker.py runs the loop): whether a claim still has time
enough to send, when a failed delivery is tried again or given up, and what a mail's body is made from."""
import datetime
from dataclasses import dataclass
from typing import Any

from eventcenter.services.notifications.domain import retry
from eventcenter.services.notifications.service_layer.unit_of_work import Work


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = retry.MAX_ATTEMPTS
    first_retry: datetime.timedelta = retry.FIRST_DELAY


def claim_too_short(now: datetime.datetime, claimed_until: datetime.datetime, lease: datetime.timedelta) -> bool:
    """Less than half the lease left (the batch waited long for free connections): too little to be sure another
    replica will not take the delivery meanwhile."""
    return now > claimed_until - lease / 2


async def give_back(work: Work, delivery_id: int) -> None:
    """Due again at once, for the next claim (ours or another replica's); the attempt it counted never happened."""
    await work.deliveries.release(delivery_id, work.now)


async def record_failure(work: Work, delivery_id: int, attempts: int, error: str, permanent: bool,
                         policy: RetryPolicy) -> datetime.datetime | None:
    """Pending again after the backoff, or dead (None) once permanent or out of attempts."""
    retry_at = None if permanent else retry.next_attempt(attempts, work.now, policy.max_attempts, policy.first_retry)
    await work.deliveries.mark_failed(delivery_id, error, retry_at)
    return retry_at


@dataclass(frozen=True)
class MailSource:
    stored: Any  # the message row: content, attachment, reply_to_user_id
    reply_to: str  # the replying organizer's address, or ""


async def mail_source(work: Work, message_id: int, stored: Any = None) -> MailSource:
    """The message (unless the claim read it already) and where replies go: the sender's address, if known."""
    stored = stored or await work.deliveries.message(message_id)
    reply_to = ""
    if stored.reply_to_user_id:
        person = await work.contacts.contact(stored.reply_to_user_id)
        reply_to = person.email if person and person.email else ""
    return MailSource(stored, reply_to)
