"""The feed of this service: one durable consumer of registration and invitations events, each handled by the
reactions (service_layer/reactions.py) in the consumer's transaction."""
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel import standings
from eventcenter.services.kernel.consumer import DurableConsumer
from eventcenter.services.notifications.adapters.tables import processed_messages, user_standings
from eventcenter.services.notifications.service_layer.reactions import Reactions
from eventcenter.services.notifications.service_layer.unit_of_work import UnitOfWork

SUBJECTS = ["eventcenter.registration.v1.>", "eventcenter.invitations.v1.>"]


def handler(uow: UnitOfWork, reactions: Reactions):
    """Handles one stream message in the transaction the consumer opened for its batch."""
    async def handle(session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        await reactions.handle(uow.work_in(session), type_name, data, headers)
    return handle


def consumer(js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], name: str,
             handle) -> DurableConsumer:
    return DurableConsumer(js, sessions, processed_messages, name, SUBJECTS,
                           standings.consuming(user_standings, handle))
