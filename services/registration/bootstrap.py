"""The one place that wires the registration service: database, outbox, relay, gRPC server, timers."""
import asyncio
import pathlib
from dataclasses import dataclass, field

from eventcenter.registration.v1 import registration_service_pb2, registration_service_pb2_grpc
from eventcenter.services.kernel import bus, i18n, migrations
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server, mark_serving
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.observability import observe
from eventcenter.services.kernel.outbox import Outbox, backlog_probe
from eventcenter.services.kernel.pruning import pruning_loop
from eventcenter.services.kernel.relay import relay_when_up
from eventcenter.services.registration.adapters.tables import outbox as outbox_table
from eventcenter.services.registration.adapters.tables import processed_messages
from eventcenter.services.registration.entrypoints.grpc_api import RegistrationServicer
from eventcenter.services.registration.entrypoints.retention import retention_timer
from eventcenter.services.registration.service_layer.unit_of_work import LOCK_TIMEOUT, UnitOfWork
from eventcenter.services.registration.settings import RegistrationSettings

SERVICE = "registration"
FULL_NAME = registration_service_pb2.DESCRIPTOR.services_by_name["RegistrationService"].full_name
HERE = pathlib.Path(__file__).parent
log = get_logger(__name__)
i18n.register_catalogs(HERE / "locales")


async def migrate(settings: RegistrationSettings) -> None:
    await migrations.migrate_service(settings.database_url, settings.database_schema, HERE / "migrations")


@dataclass
class RegistrationService:
    settings: RegistrationSettings
    clock: Clock = field(default_factory=Clock)
    run_timers: bool = True
    # Tests only, never from settings: registrations without the counter lock (see UnitOfWork).
    unlocked_counters_for_tests: bool = False

    async def start(self) -> int:
        """Starts serving; returns the bound port. Background loops stop with stop()."""
        s = self.settings
        self.stopping = asyncio.Event()
        self.engine = create_engine(s.database_url, s.database_schema, s.database_pool_size,
                                    lock_timeout=LOCK_TIMEOUT)
        self.sessions = session_factory(self.engine)
        self.uow = UnitOfWork(self.sessions, Outbox(outbox_table, SERVICE), self.clock, written=asyncio.Event(),
                              unlocked_counters_for_tests=self.unlocked_counters_for_tests)
        if self.unlocked_counters_for_tests:
            log.warning("counter_lock_disabled_for_tests", service=SERVICE)
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint,
                                           {f"outbox:{SERVICE}": backlog_probe(SERVICE, self.sessions, outbox_table)})
        servicer = RegistrationServicer(self.uow)
        binding = ServiceBinding(
            FULL_NAME,
            lambda server: registration_service_pb2_grpc.add_RegistrationServiceServicer_to_server(servicer, server),
        )
        self.server, port, self.health = create_server(
            s.grpc_address, [binding], s.identity_secret.get_secret_value(), s.default_deadline_seconds)
        await self.server.start()
        self.stream = bus.StreamConnection.of(s, SERVICE)
        self.tasks = [asyncio.create_task(relay_when_up(self.stream, self.sessions, outbox_table, s.relay_batch_size,
                                                        s.relay_idle_seconds, self.stopping, self.uow.written))]
        if self.run_timers:
            self.tasks.append(
                asyncio.create_task(retention_timer(self.uow, s.retention_interval_seconds, self.stopping))
            )
            pruning = pruning_loop(self.sessions, s, outbox_table, processed_messages)
            self.tasks.append(asyncio.create_task(pruning.run(self.stopping)))
        await mark_serving(self.health, [FULL_NAME])
        log.info("service_started", service=SERVICE, port=port)
        return port

    async def stop(self) -> None:
        """Graceful: refuse new calls, finish running ones, stop loops, close connections."""
        await mark_serving(self.health, [FULL_NAME], serving=False)
        await self.server.stop(self.settings.shutdown_grace_seconds)
        self.stopping.set()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.stream.close()
        await self.observability.close()
        await self.engine.dispose()
        log.info("service_stopped", service=SERVICE)

