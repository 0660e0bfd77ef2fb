"""The one place that wires the collaboration service: database, stream consumer, gRPC server."""
import asyncio
import datetime
import pathlib
from dataclasses import dataclass

from eventcenter.collaboration.v1 import collaboration_service_pb2, collaboration_service_pb2_grpc
from eventcenter.services.collaboration.adapters.tables import processed_messages
from eventcenter.services.collaboration.communities.service import Communities
from eventcenter.services.collaboration.communities.wikidata import WikidataClient
from eventcenter.services.collaboration.entrypoints import stream
from eventcenter.services.collaboration.entrypoints.grpc_api import CollaborationServicer
from eventcenter.services.collaboration.listing import Listing
from eventcenter.services.collaboration.settings import CollaborationSettings
from eventcenter.services.kernel import bus, i18n, migrations
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


@dataclass
class CollaborationService:
    settings: CollaborationSettings
    communities: Communities | None = None

    def now(self) -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC)

    async def open_storage(self) -> None:
        s = self.settings
        self.stopping = asyncio.Event()
        self.nats = bus.StreamConnection.of(s, SERVICE)
        # List queries are prepared statements whose best plan depends on their values (a rare country, a
        # common word): PostgreSQL's generic plans, chosen after five runs, are too often the wrong one.
        self.engine = create_engine(s.database_url, s.database_schema, s.database_pool_size,
                                    plan_cache_mode="force_custom_plan")
        self.sessions = session_factory(self.engine)

    async def close(self) -> None:
        await self.nats.close()
        await self.engine.dispose()

    async def start(self) -> int:
        s = self.settings
        await self.open_storage()
        self.observability = await observe(SERVICE, s.metrics_address, s.otlp_endpoint)
        self.listing = Listing(self.sessions, s.page_token_secret.get_secret_value().encode(), lambda: self.now())
        secret = s.page_token_secret.get_secret_value().encode()
        self.communities = self.communities or Communities(
            WikidataClient(s.wikidata_sparql_url, s.wikidata_api_url, s.user_agent), secret)
        servicer = CollaborationServicer(self.listing, self.communities)
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
            await stream.consumer(js, self.sessions, self.settings.consumer_name).run(self.stopping)

    async def rebuild(self) -> int:
        return await stream.rebuild(await self.nats.jetstream(), self.sessions, self.settings.consumer_name)

    async def stop(self) -> None:
        await mark_serving(self.health, [FULL_NAME], serving=False)
        await self.server.stop(self.settings.shutdown_grace_seconds)
        self.stopping.set()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.communities.client.close()
        await self.observability.close()
        await self.close()
        log.info("service_stopped", service=SERVICE)
