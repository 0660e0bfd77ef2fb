"""The one place that wires the invitations service: database, wikis, registration client, job worker, outbox
relay, stream consumer (people's standings), gRPC server."""
import asyncio
import datetime
import pathlib
from dataclasses import dataclass, field

from eventcenter.invitations.v1 import invitations_service_pb2, invitations_service_pb2_grpc
from eventcenter.services.invitations.adapters.registration import RegistrationClient
from eventcenter.services.invitations.adapters.tables import outbox as outbox_table
from eventcenter.services.invitations.adapters.tables import user_standings
from eventcenter.services.invitations.entrypoints import stream
from eventcenter.services.invitations.entrypoints.grpc_api import InvitationsServicer
from eventcenter.services.invitations.metrics import jobs_probe
from eventcenter.services.invitations.settings import InvitationsSettings
from eventcenter.services.invitations.worker import InvitationWorker
from eventcenter.services.kernel import bus, i18n, migrations, standings
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server, mark_serving
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
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint, {
            f"outbox:{SERVICE}": backlog_probe(SERVICE, self.sessions, outbox_table),
            "invitation_jobs": jobs_probe(self.sessions)})
        self.wikis = WikiDirectory(s.wikis, s.user_agent, s.wiki_concurrency, s.wiki_maxlag_seconds)
        self.registration = RegistrationClient(s.registration_address, s.identity_secret.get_secret_value())
        self.worker = InvitationWorker(
            self.sessions, self.wikis, Outbox(outbox_table, SERVICE), self.now,
            datetime.timedelta(seconds=s.job_lease_seconds), s.job_max_attempts, s.worker_idle_seconds,
            s.worker_jobs)
        servicer = InvitationsServicer(self.sessions, self.wikis, self.registration, self.now, self.worker.wake.set)
        binding = ServiceBinding(FULL_NAME, lambda server: invitations_service_pb2_grpc
                                 .add_InvitationsServiceServicer_to_server(servicer, server))
        self.server, port, self.health = create_server(
            s.grpc_address, [binding], s.identity_secret.get_secret_value(), s.default_deadline_seconds,
            standing=standings.applier(self.sessions, user_standings))
        await self.server.start()
        self.stream = bus.StreamConnection.of(s, SERVICE)
        self.tasks = [asyncio.create_task(relay_when_up(self.stream, self.sessions, outbox_table, s.relay_batch_size,
                                                        s.relay_idle_seconds, self.stopping)),
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
            await stream.consumer(js, self.sessions, self.settings.consumer_name).run(self.stopping)

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
