"""The feed of this service: one durable consumer of registration events, for what operators decided about people
(rights granted and revoked, blocks; kernel.standings). Nothing else of the stream concerns invitation lists."""
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.invitations.adapters.tables import processed_messages, user_standings
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.consumer import DurableConsumer

SUBJECTS = [standings.SUBJECT]


async def _nothing_else(session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
    return None


def consumer(js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], name: str) -> DurableConsumer:
    return DurableConsumer(js, sessions, processed_messages, name, SUBJECTS,
                           standings.consuming(user_standings, _nothing_else))
