"""Delivery: temporary refusals are retried with backoff, the last failure is a dead letter, the log shows
every attempt to operators (gRPC and CLI), and two replicas never send the same mail twice."""
import asyncio
import collections
import datetime
import json
import os
import sys

import grpc
import pytest

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.registration.v1 import registration_service_pb2 as api
from tests import builders
from tests.conftest import SECRET, notifications_settings
from tests.notifications_helpers import address_of, with_email
from tests.people import admin, md, organizer, person


async def _log_of(notifications_stub, user_id: int, done, timeout: float = 15.0) -> list:
    """The person's deliveries once `done(deliveries)` holds (or the time is up)."""
    operator = admin()
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        answer = await notifications_stub.ListDeliveries(napi.ListDeliveriesRequest(user_id=user_id),
                                                         metadata=md(operator))
        if done(list(answer.deliveries)) or asyncio.get_running_loop().time() > deadline:
            return list(answer.deliveries)
        await asyncio.sleep(0.05)


async def _registered(stub, notifications_stub, smtp, refusal: str):
    event = await builders.create(stub, md(organizer()))
    someone = await with_email(notifications_stub)
    smtp.refuse(refusal, address_of(someone))
    await builders.register(stub, md(someone), event.id)
    return someone


async def test_a_temporary_refusal_is_tried_again_and_then_sent(stub, notifications_stub, smtp):
    someone = await _registered(stub, notifications_stub, smtp, "451 4.3.0 try again later")
    [failed] = await _log_of(notifications_stub, someone.user_id, lambda d: d and d[0].attempts >= 1
                             and d[0].state == napi.DELIVERY_STATE_PENDING)
    assert "451" in failed.last_error and failed.address == address_of(someone)
    smtp.refuse("", address_of(someone))
    [sent] = await _log_of(notifications_stub, someone.user_id, lambda d: d[0].state == napi.DELIVERY_STATE_SENT)
    assert sent.state == napi.DELIVERY_STATE_SENT and sent.attempts >= 2 and sent.last_error == ""
    assert len(await smtp.wait_for(address_of(someone))) == 1


async def test_a_permanent_refusal_is_a_dead_letter_at_once(stub, notifications_stub, smtp):
    someone = await _registered(stub, notifications_stub, smtp, "550 5.1.1 no such mailbox")
    [dead] = await _log_of(notifications_stub, someone.user_id, lambda d: d and d[0].state == napi.DELIVERY_STATE_DEAD)
    assert dead.state == napi.DELIVERY_STATE_DEAD and dead.attempts == 1 and "550" in dead.last_error
    assert dead.kind == napi.NOTIFICATION_KIND_REGISTRATION_CONFIRMATION and dead.message_key.startswith(
        "confirmation:"
    )


async def test_temporary_failures_end_as_a_dead_letter_after_the_last_attempt(stub, notifications_stub, smtp):
    someone = await _registered(stub, notifications_stub, smtp, "421 4.7.0 too busy")
    [dead] = await _log_of(notifications_stub, someone.user_id, lambda d: d and d[0].state == napi.DELIVERY_STATE_DEAD)
    assert dead.attempts == 3  # the tests' delivery_max_attempts
    assert smtp.to(address_of(someone)) == []


async def test_the_log_is_for_administrators_only(notifications_stub):
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await notifications_stub.ListDeliveries(napi.ListDeliveriesRequest(), metadata=md(person()))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_bad_log_requests_are_refused_with_the_field_named(notifications_stub):
    for request, field in ((napi.ListDeliveriesRequest(page_size=5000), "page_size"),
                           (napi.ListDeliveriesRequest(page_token="not-a-token"), "page_token"),
                           (napi.ListDeliveriesRequest(state=99), "state")):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await notifications_stub.ListDeliveries(request, metadata=md(admin()))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in str(refused.value.details()) + \
            str(refused.value.trailing_metadata())


async def test_operators_read_dead_letters_with_the_cli(stub, notifications, notifications_stub, smtp):
    someone = await _registered(stub, notifications_stub, smtp, "554 5.7.1 rejected")
    await _log_of(notifications_stub, someone.user_id, lambda d: d and d[0].state == napi.DELIVERY_STATE_DEAD)
    env = {**os.environ, "EVENTCENTER_IDENTITY_SECRET": SECRET,
           "EVENTCENTER_NOTIFICATIONS_ADDRESS": f"127.0.0.1:{notifications.port}"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "eventcenter.services.cli", "notifications", "deliveries", "--state", "dead",
        "--user-id", str(someone.user_id), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    shown = json.loads(out)
    [dead] = shown["deliveries"]
    assert dead["address"] == address_of(someone) and dead["state"] == "DELIVERY_STATE_DEAD"
    assert int(shown["state_counts"]["DEAD"]) >= 1


async def test_two_replicas_share_a_fan_out_and_send_each_mail_once(infra, stub, notifications,
                                                                    notifications_stub, smtp):
    from eventcenter.services.notifications.bootstrap import NotificationsService

    second = NotificationsService(notifications_settings(infra, smtp.port, delivery_batch_size=10),
                                  consume=False, schedule=False)
    await second.start()
    try:
        ada = organizer()
        event = await builders.create(stub, md(ada))
        people = [await with_email(notifications_stub) for _ in range(60)]
        for someone in people:
            await builders.register(stub, md(someone), event.id)
        await stub.EmailParticipants(api.EmailParticipantsRequest(event_id=event.id, subject="Both replicas",
                                                                  message="Ten o'clock, room 2.", all=True),
                                     metadata=md(ada))
        for someone in people:
            await smtp.wait_for(address_of(someone), count=2)
        await asyncio.sleep(0.5)  # a second copy, if any, would be on its way by now
    finally:
        await second.stop()
    sent = collections.Counter((mail["To"], mail["Subject"]) for p in people for mail in smtp.to(address_of(p)))
    assert len(sent) == 2 * len(people) and set(sent.values()) == {1}


async def test_a_claim_given_back_is_due_at_once_and_its_attempt_not_counted(notifications):
    from sqlalchemy import insert, select

    from eventcenter.services.notifications.adapters import deliveries
    from eventcenter.services.notifications.adapters.tables import SENDING, messages
    from eventcenter.services.notifications.adapters.tables import deliveries as queue

    now = notifications.now()
    async with notifications.sessions() as session, session.begin():
        message_id = (await session.execute(insert(messages).values(
            key=f"test:{now.isoformat()}", kind="reminder", content={"subject": {}, "lines": []}, create_time=now,
        ).returning(messages.c.id))).scalar_one()
        delivery_id = (await session.execute(insert(queue).values(
            message_id=message_id, user_id=person().user_id, address="x@mail.test", language="en", state=SENDING,
            attempts=1, next_attempt_time=now + datetime.timedelta(minutes=1), create_time=now,
        ).returning(queue.c.id))).scalar_one()
        await deliveries.release(session, delivery_id, now)
        row = (await session.execute(select(queue).where(queue.c.id == delivery_id))).one()
        await session.rollback()  # nothing of this test is left for the worker
    assert (row.state, row.attempts, row.next_attempt_time) == ("pending", 0, now)


async def test_alike_confirmations_share_one_body_each_addressed_to_its_own_recipient(stub, notifications_stub,
                                                                                     smtp):
    event = await builders.create(stub, md(organizer()), participant_limit=2)
    first, second, waiting = [await with_email(notifications_stub) for _ in range(3)]
    for someone in (first, second, waiting):
        await builders.register(stub, md(someone), event.id)
    mails = {someone: (await smtp.wait_for(address_of(someone)))[0] for someone in (first, second, waiting)}
    # One composition, reused: its random MIME boundary shows it.
    assert mails[first].get_boundary() == mails[second].get_boundary() != mails[waiting].get_boundary()
    assert "waiting list" in mails[waiting].get_body(("plain",)).get_content()
    for someone, mail in mails.items():
        assert mail["To"] == address_of(someone)
    assert len({mail["Message-ID"] for mail in mails.values()}) == 3
