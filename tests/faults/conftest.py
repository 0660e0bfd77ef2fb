"""One stack for the fault tests, apart from the session's servers since these tests kill theirs."""
import asyncio
import os
import pathlib
import shutil
import tempfile

import grpc
import pytest

from eventcenter.notifications.v1 import notifications_service_pb2_grpc
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.services.devstack import provision
from eventcenter.services.devstack.ports import free_port
from tests.faults.slow_smtp import SlowSmtpServer
from tests.faults.stack import DATABASE, Nats, Postgres, Service, Stack

# Clients find a restarted service within a fraction of a second (gRPC's default backoff grows to two minutes).
CHANNEL_OPTIONS = [("grpc.initial_reconnect_backoff_ms", 100), ("grpc.min_reconnect_backoff_ms", 100),
                   ("grpc.max_reconnect_backoff_ms", 500)]


@pytest.fixture(scope="package")
def smtp():
    with SlowSmtpServer() as server:
        yield server


@pytest.fixture(scope="package")
async def stack(smtp):
    folder = pathlib.Path(tempfile.mkdtemp(prefix="eventcenter-faults-"))
    # Durable (fsync, synchronous commit): a killed server must keep what it acknowledged.
    postgres = Postgres(folder / "postgres", free_port())
    postgres.start(durable=True)
    nats = Nats(folder / "nats")
    nats.start()
    built = Stack(folder, postgres, nats, smtp.port)
    try:
        admin = postgres.url()
        await provision.ensure_database(admin, DATABASE)
        admin_db = admin.rsplit("/", 1)[0] + "/" + DATABASE
        for role in ("registration", "collaboration", "notifications"):
            await provision.ensure_service_role(admin_db, role, role,
                                                extensions=("pg_trgm",) if role == "collaboration" else ())
        for name, settings in built.service_settings().items():
            built.services[name] = Service(name, folder, settings)
        await asyncio.gather(*(service.start() for service in built.services.values()))
        yield built
    finally:
        await built.stop()
    if not os.environ.get("EVENTCENTER_FAULTS_KEEP"):  # set it to read the servers' logs after a failure
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="package")
async def stub(stack):
    async with grpc.aio.insecure_channel(stack.services["registration"].address, options=CHANNEL_OPTIONS) as channel:
        yield registration_service_pb2_grpc.RegistrationServiceStub(channel)


@pytest.fixture(scope="package")
async def notifications_stub(stack):
    async with grpc.aio.insecure_channel(stack.services["notifications"].address, options=CHANNEL_OPTIONS) as channel:
        yield notifications_service_pb2_grpc.NotificationsServiceStub(channel)
