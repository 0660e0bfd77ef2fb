"""The feed of this service: one durable consumer of registration events."""
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.contributions.adapters.tables import processed_messages, user_standings
from eventcenter.services.contributions.reactions import Reactions
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.consumer import DurableConsumer

SUBJECTS = ["eventcenter.registration.v1.>"]


def consumer(js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], name: str,
             reactions: Reactions) -> DurableConsumer:
    return DurableConsumer(js, sessions, processed_messages, name, SUBJECTS,
                           standings.consuming(user_standings, reactions.handle))
