"""The read model in PostgreSQL, as the use cases see it (service_layer.ports.ReadModel), on one session."""
import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration.adapters import projection, queries
from eventcenter.services.collaboration.adapters.tables import processed_messages
from eventcenter.services.collaboration.domain.filters import Filters


class SqlReadModel:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(self, filters: Filters, now: datetime.datetime, after: list | None) -> list:
        return await queries.page(self.session, filters, now, after)

    async def write(self, event: pb.Event, organizers: list[pb.Organizer]) -> None:
        await projection.write(self.session, event, organizers)

    def gather(self, event: pb.Event) -> None:
        projection.gather(self.session, event)

    async def settle(self) -> None:
        await projection.settle(self.session)

    async def clear(self, consumer: str) -> None:
        await projection.clear(self.session)
        await self.session.execute(delete(processed_messages).where(processed_messages.c.consumer == consumer))
