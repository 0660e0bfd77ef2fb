"""The read model's feed: a durable consumer of every registration event, each message through the use case in
the consumer's own transaction (its effect commits with its id), and the rebuild from the stream's start."""
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.collaboration.adapters.stream_replay import JetStreamReplay
from eventcenter.services.collaboration.adapters.tables import processed_messages
from eventcenter.services.collaboration.service_layer import read_model_cases
from eventcenter.services.collaboration.service_layer.read_model_cases import StreamIncomplete
from eventcenter.services.collaboration.service_layer.use_cases import CollaborationUseCases
from eventcenter.services.kernel.consumer import DurableConsumer

SUBJECTS = ["eventcenter.registration.v1.>"]
# StreamIncomplete: a refused rebuild, for the command line.
__all__ = ["ReadModelFeed", "StreamIncomplete", "consumer", "rebuild"]


class ReadModelFeed:
    """The consumer's handler and its step once a transaction's messages are applied."""

    def __init__(self, collaboration: CollaborationUseCases) -> None:
        self.uow = collaboration.uow

    async def handle(self, session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
        await read_model_cases.apply_registration_event(self.uow.joining(session), type_name, data)

    async def settle(self, session: AsyncSession) -> None:
        await read_model_cases.settle_applied_events(self.uow.joining(session))


def consumer(js: JetStreamContext, collaboration: CollaborationUseCases, name: str) -> DurableConsumer:
    feed = ReadModelFeed(collaboration)
    return DurableConsumer(js, collaboration.uow.sessions, processed_messages, name, SUBJECTS, feed.handle,
                           settle=feed.settle)


async def rebuild(js: JetStreamContext, collaboration: CollaborationUseCases, name: str) -> int:
    """See read_model_cases.rebuild; the replay applies messages as the live consumer of that name does."""
    return await collaboration.rebuild(JetStreamReplay(js, consumer(js, collaboration, name)), name)
