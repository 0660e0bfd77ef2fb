"""The one place that wires the contributions service: database, wikis, Dashboard, stream consumer, workers, gRPC
server. `bootstrap` wires the use cases and workers on whatever adapters it is given: the real ones here, or a
test's fakes (an in-memory unit of work, a fake wiki and Dashboard, a clock the test moves)."""
import asyncio
import datetime
import pathlib
from dataclasses import dataclass, field
from typing import Any

from eventcenter.contributions.v1 import contributions_service_pb2, contributions_service_pb2_grpc
from eventcenter.services.contributions.adapters.dashboard import DashboardClient
from eventcenter.services.contributions.adapters.tables import processed_messages, user_standings
from eventcenter.services.contributions.domain import dashboard
from eventcenter.services.contributions.entrypoints import stream, workers
from eventcenter.services.contributions.entrypoints.grpc_api import ContributionsServicer
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.unit_of_work import ContributionsUnitOfWork
from eventcenter.services.contributions.settings import ContributionsSettings
from eventcenter.services.kernel import bus, i18n, migrations, standings
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server, mark_serving
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.loops import WakeableLoop
from eventcenter.services.kernel.observability import observe
from eventcenter.services.kernel.pruning import pruning_loop
from eventcenter.services.wiki.directory import WikiDirectory

SERVICE = "contributions"
FULL_NAME = contributions_service_pb2.DESCRIPTOR.services_by_name["ContributionsService"].full_name
HERE = pathlib.Path(__file__).parent
log = get_logger(__name__)
i18n.register_catalogs(HERE / "locales")


async def migrate(settings: ContributionsSettings) -> None:
    await migrations.migrate_service(settings.database_url, settings.database_schema, HERE / "migrations")


@dataclass(frozen=True)
class Timings:
    """How often the workers run (the settings' defaults)."""
    dashboard_retry_seconds: float = 30.0
    gather_interval_seconds: float = 60.0
    revision_check_seconds: float = 600.0
    revision_check_batch: int = 500
    revision_check_days: float = 30.0

    @classmethod
    def of(cls, s: ContributionsSettings) -> "Timings":
        return cls(s.dashboard_retry_seconds, s.gather_interval_seconds, s.revision_check_seconds,
                   s.revision_check_batch, s.revision_check_days)


@dataclass
class Wired:
    """The use cases' dependencies, the workers that run them in the background, and the gRPC servicer."""
    deps: Dependencies
    dashboard_sync: workers.DashboardSyncWorker
    gatherer: WakeableLoop
    revision_checker: WakeableLoop
    servicer: ContributionsServicer

    @property
    def workers(self) -> tuple[Any, ...]:
        return self.dashboard_sync, self.gatherer, self.revision_checker


def bootstrap(uow: ContributionsUnitOfWork, wikis: Any, dashboard_client: Any, clock: Clock,
              timings: Timings = Timings()) -> Wired:
    deps = Dependencies(uow, wikis, dashboard_client, clock, timings.dashboard_retry_seconds)
    dashboard_sync = workers.DashboardSyncWorker(deps, timings.dashboard_retry_seconds)
    gatherer = workers.gathering_worker(deps, timings.gather_interval_seconds)
    deps.dashboard_changed, deps.worklist_changed = dashboard_sync.wake, gatherer.wake
    revision_checker = workers.revision_check_worker(deps, timings.revision_check_seconds,
                                                     timings.revision_check_batch, timings.revision_check_days)
    return Wired(deps, dashboard_sync, gatherer, revision_checker, ContributionsServicer(deps))


@dataclass
class ContributionsService:
    settings: ContributionsSettings
    # A test may feed the copies itself.
    consume: bool = True
    clock: Clock = field(default_factory=Clock)

    def now(self) -> datetime.datetime:
        return self.clock.now()

    async def start(self) -> int:
        s = self.settings
        self.stopping = asyncio.Event()
        self.nats = bus.StreamConnection.of(s, SERVICE)
        self.engine = create_engine(s.database_url, s.database_schema, s.database_pool_size)
        self.sessions = session_factory(self.engine)
        self.uow = ContributionsUnitOfWork(self.sessions, clock=self.clock)
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint)
        self.wikis = WikiDirectory(s.wikis, s.user_agent, s.wiki_concurrency, s.wiki_maxlag_seconds)
        self.dashboard = DashboardClient(s.user_agent, dashboard.allowed_dashboards(s.dashboard_urls),
                                         s.dashboard_timeout_seconds)
        self.wired = bootstrap(self.uow, self.wikis, self.dashboard, self.clock, Timings.of(s))
        self.dashboard_sync = self.wired.dashboard_sync
        binding = ServiceBinding(FULL_NAME, lambda server: contributions_service_pb2_grpc
                                 .add_ContributionsServiceServicer_to_server(self.wired.servicer, server))
        self.server, port, self.health = create_server(
            s.grpc_address, [binding], s.identity_secret.get_secret_value(), s.default_deadline_seconds,
            standing=standings.applier(self.sessions, user_standings))
        await self.server.start()
        self.tasks = [asyncio.create_task(self._consume_when_nats_is_up()),
                      asyncio.create_task(pruning_loop(self.sessions, s, processed=processed_messages)
                                          .run(self.stopping))] if self.consume else []
        self.tasks += [asyncio.create_task(worker.run(self.stopping)) for worker in self.wired.workers]
        await mark_serving(self.health, [FULL_NAME])
        log.info("service_started", service=SERVICE, port=port)
        return port

    async def _consume_when_nats_is_up(self) -> None:
        js = await self.nats.when_up(self.stopping)
        if js is not None:
            await stream.consumer(js, self.uow, self.settings.consumer_name,
                                  self.dashboard_sync.wake).run(self.stopping)

    async def stop(self) -> None:
        await mark_serving(self.health, [FULL_NAME], serving=False)
        await self.server.stop(self.settings.shutdown_grace_seconds)
        self.stopping.set()
        for worker in self.wired.workers:
            worker.wake()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.nats.close()
        await self.wikis.close()
        await self.dashboard.close()
        await self.observability.close()
        await self.engine.dispose()
        log.info("service_stopped", service=SERVICE)
