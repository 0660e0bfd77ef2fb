"""The feed of this service: one durable consumer of registration events, for what operators decided about people
(rights granted and revoked, blocks; kernel/standings.py). Nothing else of the stream concerns invitation lists.
Each message is parsed here and handed to its use case, in the consumer's transaction."""
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.invitations.adapters.tables import processed_messages
from eventcenter.services.invitations.service_layer import standing_cases
from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.consumer import DurableConsumer, Handler

SUBJECTS = [standings.SUBJECT]


def handler(uow: UnitOfWork) -> Handler:
    async def handle(session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        if type_name != standings.STANDING_CHANGED:
            return
        change = events_pb2.UserStandingChanged()
        change.ParseFromString(data)
        await standing_cases.keep_standing(uow.work_on(session), change)
    return handle


def consumer(js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], name: str,
             handle: Handler) -> DurableConsumer:
    return DurableConsumer(js, sessions, processed_messages, name, SUBJECTS, handle)
