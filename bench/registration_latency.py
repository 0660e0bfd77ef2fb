"""Benchmark: RegisterParticipant latency and throughput over gRPC, on embedded PostgreSQL and NATS.

Usage: .venv/bin/python bench/registration_latency.py [--registrations 2000] [--concurrency 50] [--limit 0]
Prints p50/p95/p99 latency and registrations per second; with --limit, also checks the limit held.
"""
import argparse
import asyncio
import secrets
import statistics
import time

import grpc
from backing import postgres_and_nats

from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import registration_service_pb2_grpc
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.devstack import provision
from eventcenter.services.kernel.identity import RIGHT_ORGANIZER, Identity, bearer_metadata, issue_token
from eventcenter.services.kernel.logs import configure_logging
from eventcenter.services.registration.bootstrap import RegistrationService, migrate
from eventcenter.services.registration.settings import RegistrationSettings


async def main(registrations: int, concurrency: int, limit: int) -> None:
    configure_logging("warning")
    secret = secrets.token_urlsafe(48)
    with postgres_and_nats() as (postgres, nats):
        await provision.ensure_database(postgres.url(), "bench")
        await provision.ensure_service_role(postgres.url(database="bench"), "registration", "registration")
        settings = RegistrationSettings(database_url=postgres.url("registration", "registration", "bench"),
                                        nats_url=nats.url, grpc_address="127.0.0.1:0", identity_secret=secret,
                                        database_pool_size=20)
        await migrate(settings)
        service = RegistrationService(settings, run_timers=False)
        port = await service.start()
        try:
            await run(port, secret, registrations, concurrency, limit)
        finally:
            await service.stop()

async def run(port: int, secret: str, registrations: int, concurrency: int, limit: int) -> None:
    def md(user_id: int, rights=frozenset()) -> tuple:
        return bearer_metadata(issue_token(Identity(user_id, f"Bench {user_id}", rights), secret))

    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = registration_service_pb2_grpc.RegistrationServiceStub(channel)
        event = await stub.CreateEvent(api.CreateEventRequest(event=pb.Event(
            page=pb.EventPage(wiki="local", title="Event:Bench"), timezone="UTC",
            start_local_time="2035-01-01T10:00:00", end_local_time="2035-01-02T10:00:00", types=["contest"],
            participation_options=pb.PARTICIPATION_OPTIONS_ONLINE, participant_limit=limit)),
            metadata=md(1, frozenset({RIGHT_ORGANIZER})))
        latencies: list[float] = []
        gate = asyncio.Semaphore(concurrency)

        async def one(user_id: int) -> None:
            async with gate:
                started = time.perf_counter()
                await stub.RegisterParticipant(api.RegisterParticipantRequest(event_id=event.id), metadata=md(user_id))
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(one(10_000 + i) for i in range(registrations)))
        elapsed = time.perf_counter() - started
        seen = await stub.GetEvent(api.GetEventRequest(event_id=event.id), metadata=md(1))
    cuts = statistics.quantiles(latencies, n=100)
    print(f"registrations={registrations} concurrency={concurrency} limit={limit or 'none'}")
    print(f"latency ms: p50={cuts[49]:.1f} p95={cuts[94]:.1f} p99={cuts[98]:.1f} max={max(latencies):.1f}")
    print(f"throughput: {registrations / elapsed:.0f} registrations/s")
    print(f"registered={seen.counts.registered} waitlisted={seen.counts.waitlisted}")
    if limit:
        assert seen.counts.registered == min(limit, registrations), "capacity limit broken"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(main(args.registrations, args.concurrency, args.limit))
