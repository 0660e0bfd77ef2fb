"""Exactly once across a crash: the notifications service is killed (SIGKILL) in the middle of a batch, while
mail waits on the SMTP server's answer; once restarted it sends what was left, and the server holds each
mail exactly once."""
import asyncio
import collections
import os
import signal
import sys
import uuid

import asyncpg
import grpc
import pytest

from eventcenter.notifications.v1 import notifications_service_pb2 as napi
from eventcenter.notifications.v1 import notifications_service_pb2_grpc
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.services.devstack import provision
from eventcenter.services.devstack.ports import free_port
from tests import builders
from tests.conftest import SECRET, TEST_DATABASE, _database_url
from tests.notifications_helpers import address_of
from tests.people import md, organizer, person
from tests.smtp_server import SmtpServer

ROLE = "notifications_crash"  # a schema of its own: the session's notifications service never sees this queue
PEOPLE = 40


@pytest.fixture
def held_smtp():
    with SmtpServer() as server:
        yield server


async def _until(condition, timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


class ServiceProcess:
    """`eventcenter serve notifications` in its own process, as a container runs it."""

    def __init__(self, infra, smtp_port: int) -> None:
        self.port = free_port()
        self.env = {**os.environ, **{f"EVENTCENTER_{k.upper()}": str(v) for k, v in dict(
            database_url=_database_url(infra.postgres_admin_url, ROLE, ROLE), database_schema=ROLE,
            nats_url=infra.nats_url, grpc_address=f"127.0.0.1:{self.port}", identity_secret=SECRET,
            consumer_name=f"crash-{uuid.uuid4().hex[:8]}", smtp_host="127.0.0.1", smtp_port=smtp_port,
            smtp_connections=4, delivery_batch_size=20, delivery_lease_seconds=2, delivery_idle_seconds=0.05,
            mail_from="Event Center <no-reply@eventcenter.test>", log_level="warning").items()}}

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(sys.executable, "-m", "eventcenter.services.cli", "serve",
                                                            "notifications", env=self.env)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{self.port}") as channel:
            await asyncio.wait_for(channel.channel_ready(), timeout=60)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
        await self.process.wait()


async def test_a_killed_worker_leaves_no_mail_unsent_and_none_sent_twice(infra, stub, held_smtp):
    admin_db = infra.postgres_admin_url.rsplit("/", 1)[0] + "/" + TEST_DATABASE
    await provision.ensure_service_role(admin_db, ROLE, ROLE)
    service = ServiceProcess(infra, held_smtp.port)
    await service.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{service.port}") as channel:
            notifications_stub = notifications_service_pb2_grpc.NotificationsServiceStub(channel)
            people = [person() for _ in range(PEOPLE)]
            for someone in people:
                await notifications_stub.UpdateContact(napi.UpdateContactRequest(
                    email=address_of(someone), email_confirmed=True), metadata=md(someone))
        held_smtp.hold_after(PEOPLE - 10)
        ada = organizer()
        event = await builders.create(stub, md(ada))
        for someone in people:
            await builders.register(stub, md(someone), event.id)
        await stub.EmailParticipants(api.EmailParticipantsRequest(
            event_id=event.id, subject="After the crash", message="Still on, see you there.", all=True),
            metadata=md(ada))

        async def mid_batch() -> bool:
            return held_smtp.holding >= 1

        await _until(mid_batch)
        await asyncio.sleep(0.5)  # mail already answered "250" is marked sent by now; the rest waits
        service.kill()
        await service.process.wait()
        connection = await asyncpg.connect(admin_db.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            claimed = await connection.fetchval(f"SELECT count(*) FROM {ROLE}.deliveries WHERE state = 'sending'")
        finally:
            await connection.close()
        assert claimed >= 1, "the kill was meant to land while mail was claimed but not sent"
        held_smtp.hold_after(None)

        await service.start()
        mine = {address_of(p) for p in people}

        async def all_arrived() -> bool:
            return sum(1 for mail in held_smtp.received if mail["To"] in mine) >= 2 * PEOPLE

        await _until(all_arrived, timeout=60)
        await asyncio.sleep(1.0)  # room for a repeat to show up, if there were one
    finally:
        await service.stop()
    sent = collections.Counter((mail["To"], mail["Subject"]) for mail in held_smtp.received if mail["To"] in mine)
    assert len(sent) == 2 * PEOPLE and set(sent.values()) == {1}
