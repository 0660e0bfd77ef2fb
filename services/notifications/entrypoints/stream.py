"""The feed of this service: one durable consumer of registration and invitations events."""
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel import standings
from eventcenter.services.kernel.consumer import DurableConsumer
from eventcenter.services.notifications.adapters.tables import processed_messages, user_standings
from eventcenter.services.notifications.reactions import Reactions

SUBJECTS = ["eventcenter.registration.v1.>", "eventcenter.invitations.v1.>"]


def consumer(js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], name: str,
             reactions: Reactions) -> DurableConsumer:
    return DurableConsumer(js, sessions, processed_messages, name, SUBJECTS,
                           standings.consuming(user_standings, reactions.handle))
