"""The one place that wires the collaboration service: its use cases to real adapters (the database, Wikidata) or
to fakes (`bootstrap`), and the running service around them (gRPC server, stream consumer, pruning)."""
import asyncio
import pathlib
import time
from dataclasses import dataclass, field

from eventcenter.collaboration.v1 import collaboration_service_pb2, collaboration_service_pb2_grpc
from eventcenter.services.collaboration.adapters.read_model import SqlReadModel
from eventcenter.services.collaboration.adapters.tables import processed_messages
from eventcenter.services.collaboration.adapters.wikidata import WikidataClient
from eventcenter.services.collaboration.entrypoints import stream
from eventcenter.services.collaboration.entrypoints.grpc_api import CollaborationServicer
from eventcenter.services.collaboration.service_layer.community_cases import CommunityLookup
from eventcenter.services.collaboration.service_layer.ports import WikidataSource
from eventcenter.services.collaboration.service_layer.unit_of_work import UnitOfWork
from eventcenter.services.collaboration.service_layer.use_cases import CollaborationUseCases
from eventcenter.services.collaboration.settings import CollaborationSettings
from eventcenter.services.kernel import bus, i18n, migrations
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.database import create_engine, session_factory
from eventcenter.services.kernel.grpc_server import ServiceBinding, create_server, mark_serving
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.observability import observe
from eventcenter.services.kernel.pruning import pruning_loop

SERVICE = "collaboration"
FULL_NAME = collaboration_service_pb2.DESCRIPTOR.services_by_name["CollaborationService"].full_name
HERE = pathlib.Path(__file__).parent
log = get_logger(__name__)
i18n.register_catalogs(HERE / "locales")


async def migrate(settings: CollaborationSettings) -> None:
    await migrations.migrate_service(settings.database_url, settings.database_schema, HERE / "migrations")


def bootstrap(uow: UnitOfWork, wikidata: WikidataSource, token_secret: bytes,
              clock: Clock | None = None) -> CollaborationUseCases:
    """The use cases on these adapters: real ones from CollaborationService, fakes from the tests. The caches
    keep monotonic time, moved on with the clock (tests advance it instead of waiting)."""
    clock = clock or uow.clock
    return CollaborationUseCases(
        uow, CommunityLookup(wikidata, token_secret, lambda: time.monotonic() + clock.offset.total_seconds()),
        token_secret)


@dataclass
class CollaborationService:
    settings: CollaborationSettings
    clock: Clock = field(default_factory=Clock)

    async def open_storage(self) -> None:
        s = self.settings
        self.stopping = asyncio.Event()
        self.nats = bus.StreamConnection.of(s, SERVICE)
        # List queries are prepared statements whose best plan depends on their values (a rare country, a
        # common word): PostgreSQL's generic plans, chosen after five runs, are too often the wrong one.
        self.engine = create_engine(s.database_url, s.database_schema, s.database_pool_size,
                                    plan_cache_mode="force_custom_plan")
        self.sessions = session_factory(self.engine)
        self.uow = UnitOfWork(self.sessions, SqlReadModel, self.clock)
        self.wikidata = WikidataClient(s.wikidata_sparql_url, s.wikidata_api_url, s.user_agent)
        self.collaboration = bootstrap(self.uow, self.wikidata, s.page_token_secret.get_secret_value().encode())

    async def close(self) -> None:
        await self.nats.close()
        await self.wikidata.close()
        await self.engine.dispose()

    async def start(self) -> int:
        s = self.settings
        await self.open_storage()
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint)
        servicer = CollaborationServicer(self.collaboration)
        binding = ServiceBinding(FULL_NAME, lambda server: collaboration_service_pb2_grpc
                                 .add_CollaborationServiceServicer_to_server(servicer, server))
        self.server, port, self.health = create_server(
            s.grpc_address, [binding], s.identity_secret.get_secret_value(), s.default_deadline_seconds)
        await self.server.start()
        self.tasks = [asyncio.create_task(self._consume_when_nats_is_up()),
                      asyncio.create_task(pruning_loop(self.sessions, s, processed=processed_messages)
                                          .run(self.stopping))]
        await mark_serving(self.health, [FULL_NAME])
        log.info("service_started", service=SERVICE, port=port)
        return port

    async def _consume_when_nats_is_up(self) -> None:
        js = await self.nats.when_up(self.stopping)
        if js is not None:
            await stream.consumer(js, self.collaboration, self.settings.consumer_name).run(self.stopping)

    async def rebuild(self) -> int:
        """The read model rebuilt from the stream's first message (open_storage is enough: no need to serve)."""
        return await stream.rebuild(await self.nats.jetstream(), self.collaboration, self.settings.consumer_name)

    async def stop(self) -> None:
        await mark_serving(self.health, [FULL_NAME], serving=False)
        await self.server.stop(self.settings.shutdown_grace_seconds)
        self.stopping.set()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.observability.close()
        await self.close()
        log.info("service_stopped", service=SERVICE)
