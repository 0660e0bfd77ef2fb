"""The one place that wires the contributions service: database, wikis, stream consumer, gRPC server."""
import asyncio
import datetime
import pathlib
from dataclasses import dataclass, field

from eventcenter.contributions.v1 import contributions_service_pb2, contributions_service_pb2_grpc
from eventcenter.services.contributions.adapters.dashboard import DashboardClient
from eventcenter.services.contributions.adapters.tables import processed_messages, user_standings
from eventcenter.services.contributions.domain import dashboard
from eventcenter.services.contributions.entrypoints import stream
from eventcenter.services.contributions.entrypoints.grpc_api import ContributionsServicer
from eventcenter.services.contributions.reactions import Reactions
from eventcenter.services.contributions.service_layer.dashboard_sync import DashboardSync
from eventcenter.services.contributions.service_layer.gathering import Gatherer
from eventcenter.services.contributions.service_layer.revision_checks import RevisionChecker
from eventcenter.services.contributions.settings import ContributionsSettings
from eventcenter.services.kernel import bus, i18n, migrations, standings
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server, mark_serving
from eventcenter.services.kernel.logs import get_logger
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
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint)
        self.wikis = WikiDirectory(s.wikis, s.user_agent, s.wiki_concurrency, s.wiki_maxlag_seconds)
        self.dashboard = DashboardClient(s.user_agent, dashboard.allowed_dashboards(s.dashboard_urls),
                                         s.dashboard_timeout_seconds)
        self.dashboard_sync = DashboardSync(self.sessions, self.dashboard, self.now, s.dashboard_retry_seconds)
        self.gatherer = Gatherer(self.sessions, self.wikis, self.now, s.gather_interval_seconds)
        self.revision_checker = RevisionChecker(self.sessions, self.wikis, self.now, s.revision_check_seconds,
                                                s.revision_check_batch, datetime.timedelta(days=s.revision_check_days))
        servicer = ContributionsServicer(self.sessions, self.wikis, self.now, self.dashboard, self.dashboard_sync,
                                         self.gatherer)
        binding = ServiceBinding(FULL_NAME, lambda server: contributions_service_pb2_grpc
                                 .add_ContributionsServiceServicer_to_server(servicer, server))
        self.server, port, self.health = create_server(
            s.grpc_address, [binding], s.identity_secret.get_secret_value(), s.default_deadline_seconds,
            standing=standings.applier(self.sessions, user_standings))
        await self.server.start()
        self.tasks = [asyncio.create_task(self._consume_when_nats_is_up()),
                      asyncio.create_task(pruning_loop(self.sessions, s, processed=processed_messages)
                                          .run(self.stopping))] if self.consume else []
        self.tasks += [asyncio.create_task(loop.run(self.stopping))
                       for loop in (self.dashboard_sync, self.gatherer, self.revision_checker)]
        await mark_serving(self.health, [FULL_NAME])
        log.info("service_started", service=SERVICE, port=port)
        return port

    async def _consume_when_nats_is_up(self) -> None:
        js = await self.nats.when_up(self.stopping)
        if js is not None:
            reactions = Reactions(self.dashboard_sync.wake)
            await stream.consumer(js, self.sessions, self.settings.consumer_name, reactions).run(self.stopping)

    async def stop(self) -> None:
        await mark_serving(self.health, [FULL_NAME], serving=False)
        await self.server.stop(self.settings.shutdown_grace_seconds)
        self.stopping.set()
        for loop in (self.dashboard_sync, self.gatherer, self.revision_checker):
            loop.wake()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.nats.close()
        await self.wikis.close()
        await self.dashboard.close()
        await self.observability.close()
        await self.engine.dispose()
        log.info("service_stopped", service=SERVICE)
