"""The one place that wires the invitations service. `bootstrap` joins the use cases to their adapters, real or
fake (a test hands in-memory ones); `InvitationsService` builds the real ones (database, wikis, registration
client) around it and starts the job worker, outbox relay, stream consumer (people's standings) and gRPC server."""
import asyncio
import datetime
import pathlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial

from eventcenter.invitations.v1 import invitations_service_pb2, invitations_service_pb2_grpc
from eventcenter.services.invitations.adapters.job_metrics import jobs_probe
from eventcenter.services.invitations.adapters.registration import RegistrationClient
from eventcenter.services.invitations.adapters.tables import outbox as outbox_table
from eventcenter.services.invitations.entrypoints import standings_consumer
from eventcenter.services.invitations.entrypoints.grpc_api import InvitationsServicer
from eventcenter.services.invitations.entrypoints.job_worker import InvitationWorker
from eventcenter.services.invitations.service_layer import standing_cases
from eventcenter.services.invitations.service_layer.dependencies import Dependencies
from eventcenter.services.invitations.service_layer.ports import Registration, Wikis
from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork
from eventcenter.services.invitations.settings import InvitationsSettings
from eventcenter.services.kernel import bus, i18n, migrations
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.consumer import Handler
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server, mark_serving
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.observability import observe
from eventcenter.services.kernel.outbox import Outbox, backlog_probe
from eventcenter.services.kernel.pruning import pruning_loop
from eventcenter.services.kernel.relay import relay_when_up
from eventcenter.services.wiki.directory import WikiDirectory

SERVICE = "invitations"
FULL_NAME = invitations_service_pb2.DESCRIPTOR.services_by_name["InvitationsService"].full_name
HERE = pathlib.Path(__file__).parent
log = get_logger(__name__)
i18n.register_catalogs(HERE / "locales")


async def migrate(settings: InvitationsSettings) -> None:
    await migrations.migrate_service(settings.database_url, settings.database_schema, HERE / "migrations")


@dataclass(frozen=True)
class JobSettings:
    """How the job worker runs (InvitationsSettings' job_* and worker_* values)."""
    lease: datetime.timedelta = datetime.timedelta(seconds=60)
    max_attempts: int = 5
    idle_seconds: float = 1.0
    jobs_at_once: int = 2

    @classmethod
    def of(cls, settings: InvitationsSettings) -> "JobSettings":
        return cls(datetime.timedelta(seconds=settings.job_lease_seconds), settings.job_max_attempts,
                   settings.worker_idle_seconds, settings.worker_jobs)


@dataclass
class Invitations:
    """The use cases joined to their adapters, and what reaches them: the gRPC servicer, the job worker, the
    standing applied to every caller (for the server's identity interceptor) and the stream consumer's handler."""
    deps: Dependencies
    servicer: InvitationsServicer
    worker: InvitationWorker
    standing: Callable[[Identity], Awaitable[Identity]]
    on_stream: Handler


def bootstrap(uow: UnitOfWork, wikis: Wikis, registration: Registration,
              jobs: JobSettings | None = None) -> Invitations:
    jobs = jobs or JobSettings()
    worker = InvitationWorker(uow, wikis, jobs.lease, jobs.max_attempts, jobs.idle_seconds, jobs.jobs_at_once)
    deps = Dependencies(uow, wikis, registration, worker.wake.set)
    return Invitations(deps, InvitationsServicer(deps), worker, partial(standing_cases.apply_standing, uow),
                       standings_consumer.handler(uow))


@dataclass
class InvitationsService:
    settings: InvitationsSettings
    # A replica may leave the jobs to others (or a test may run them itself).
    work: bool = True
    # A test may feed the copy of standings itself.
    consume: bool = True
    clock: Clock = field(default_factory=Clock)

    def now(self) -> datetime.datetime:
        return self.clock.now()

    async def start(self) -> int:
        s = self.settings
        self.stopping = asyncio.Event()
        self.engine = create_engine(s.database_url, s.database_schema, s.database_pool_size)
        self.sessions = session_factory(self.engine)
        self.uow = UnitOfWork(self.sessions, Outbox(outbox_table, SERVICE), self.clock, written=asyncio.Event())
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint, {
            f"outbox:{SERVICE}": backlog_probe(SERVICE, self.sessions, outbox_table),
            "invitation_jobs": jobs_probe(self.sessions)})
        self.wikis = WikiDirectory(s.wikis, s.user_agent, s.wiki_concurrency, s.wiki_maxlag_seconds)
        self.registration = RegistrationClient(s.registration_address, s.identity_secret.get_secret_value())
        wired = bootstrap(self.uow, self.wikis, self.registration, JobSettings.of(s))
        self.worker, self.on_stream = wired.worker, wired.on_stream
        binding = ServiceBinding(FULL_NAME, lambda server: invitations_service_pb2_grpc
                                 .add_InvitationsServiceServicer_to_server(wired.servicer, server))
        self.server, port, self.health = create_server(
            s.grpc_address, [binding], s.identity_secret.get_secret_value(), s.default_deadline_seconds,
            standing=wired.standing)
        await self.server.start()
        self.stream = bus.StreamConnection.of(s, SERVICE)
        self.tasks = [asyncio.create_task(relay_when_up(self.stream, self.sessions, outbox_table, s.relay_batch_size,
                                                        s.relay_idle_seconds, self.stopping, self.uow.written)),
                      asyncio.create_task(pruning_loop(self.sessions, s, outbox=outbox_table).run(self.stopping))]
        if self.consume:
            self.tasks.append(asyncio.create_task(self._consume_when_nats_is_up()))
        if self.work:
            self.tasks.append(asyncio.create_task(self.worker.run(self.stopping)))
        await mark_serving(self.health, [FULL_NAME])
        log.info("service_started", service=SERVICE, port=port)
        return port

    async def _consume_when_nats_is_up(self) -> None:
        js = await self.stream.when_up(self.stopping)
        if js is not None:
            await standings_consumer.consumer(js, self.sessions, self.settings.consumer_name,
                                              self.on_stream).run(self.stopping)

    async def stop(self) -> None:
        await mark_serving(self.health, [FULL_NAME], serving=False)
        await self.server.stop(self.settings.shutdown_grace_seconds)
        self.stopping.set()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.stream.close()
        await self.registration.close()
        await self.wikis.close()
        await self.observability.close()
        await self.engine.dispose()
        log.info("service_stopped", service=SERVICE)
