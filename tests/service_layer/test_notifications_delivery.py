"""The delivery worker's decisions: a failed attempt is tried again after a growing delay, then given up (at once
when the server refused for good); a claim with too little time left is given back, its attempt not counted."""
import datetime

from eventcenter.registration.v1 import events_pb2 as events
from eventcenter.services.notifications.domain import retry
from eventcenter.services.notifications.service_layer import delivery
from tests.service_layer.fakes_notifications import (
    FakeDeliveries,
    event,
    notifications,
    participant,
    react,
    with_address,
)


async def _queued(wiring, uow):
    """A confirmation's delivery, waiting in the queue."""
    await with_address(uow, 51)
    await react(wiring, events.ParticipantRegistered(event=event(), participant=participant(51)))
    [row] = uow.tables.deliveries.values()
    return row


def _claim(uow) -> None:
    FakeDeliveries(uow.tables).claim(uow.clock.now())


async def test_a_temporary_failure_is_retried_with_backoff_until_the_last_attempt_then_dead():
    wiring, uow, _ = notifications()
    row = await _queued(wiring, uow)
    policy = wiring.retry_policy
    delays = []
    for attempt in range(1, policy.max_attempts + 1):
        _claim(uow)
        assert row.attempts == attempt
        retry_at = await uow.run(lambda work: delivery.record_failure(work, row.id, row.attempts, "421 busy",
                                                                      permanent=False, policy=policy))
        if retry_at is None:
            break
        delays.append(retry_at - uow.clock.now())
        uow.clock.offset += retry_at - uow.clock.now()
    assert (row.state, row.attempts, row.last_error) == ("dead", policy.max_attempts, "421 busy")
    assert [round(d.total_seconds()) for d in delays] == [
        round(retry.delay_after(n, policy.first_retry).total_seconds()) for n in range(1, policy.max_attempts)]


async def test_a_permanent_refusal_is_dead_at_once():
    wiring, uow, _ = notifications()
    row = await _queued(wiring, uow)
    _claim(uow)
    retry_at = await uow.run(lambda work: delivery.record_failure(work, row.id, row.attempts, "550 no such user",
                                                                  permanent=True, policy=wiring.retry_policy))
    assert retry_at is None and (row.state, row.attempts) == ("dead", 1)


async def test_a_claim_given_back_is_due_at_once_and_its_attempt_not_counted():
    wiring, uow, _ = notifications()
    row = await _queued(wiring, uow)
    _claim(uow)
    before = uow.clock.now()
    await uow.run(lambda work: delivery.give_back(work, row.id))
    assert (row.state, row.attempts) == ("pending", 0) and before <= row.next_attempt_time <= uow.clock.now()
    lease = datetime.timedelta(seconds=60)
    now = uow.clock.now()
    assert not delivery.claim_too_short(now, now + lease, lease)
    assert delivery.claim_too_short(now, now + lease / 2 - datetime.timedelta(seconds=1), lease)


async def test_a_mail_replies_to_its_organizer_when_their_address_is_known():
    wiring, uow, _ = notifications()
    await with_address(uow, 52)
    await with_address(uow, 53)
    await react(wiring, events.ParticipantsEmailed(message_id="m-2", event=event(), sender_user_id=53,
                                                   sender_name="User 53", subject="Hi", message="See you",
                                                   recipient_user_ids=[52]))
    [message] = uow.tables.messages.values()
    source = await uow.run(lambda work: delivery.mail_source(work, message.id))
    assert source.stored is message and source.reply_to == "user53@mail.test"
