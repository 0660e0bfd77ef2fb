"""The read model's feed: a durable consumer of every registration event, and the rebuild from the start."""
import asyncio
import contextlib

from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.collaboration.adapters import projection
from eventcenter.services.collaboration.adapters.tables import processed_messages
from eventcenter.services.kernel import bus, nats_access
from eventcenter.services.kernel.consumer import DurableConsumer

SUBJECTS = ["eventcenter.registration.v1.>"]


class StreamIncomplete(Exception):
    """The stream no longer holds its first messages (older than its maximum age): a rebuild from it would lose
    the events they carried."""


async def handle(session: AsyncSession, type_name: str, data: bytes, headers: dict[str, str]) -> None:
    await projection.apply(session, type_name, data)


def consumer(js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], name: str) -> DurableConsumer:
    return DurableConsumer(js, sessions, processed_messages, name, SUBJECTS, handle, settle=projection.settle)


async def rebuild(js: JetStreamContext, sessions: async_sessionmaker[AsyncSession], name: str) -> int:
    """Empties the read model, then replays the stream from its first message through the same idempotent
    handler. Returns how many messages were applied. The live consumer may run meanwhile: revisions keep
    the newest copy whichever of the two applies it. Refused, changing nothing, once the stream has let its
    oldest messages go (EVENTCENTER_STREAM_MAX_AGE_DAYS)."""
    info = await js.stream_info(bus.STREAM)
    if info.state.first_seq > 1:
        raise StreamIncomplete(f"the stream starts at message {info.state.first_seq}: older messages were removed "
                               "(its maximum age), so a rebuild would lose the events they carried")
    async with sessions() as session, session.begin():
        await projection.clear(session)
        await session.execute(delete(processed_messages).where(processed_messages.c.consumer == name))
    last = info.state.last_seq
    if not last:
        return 0
    replay = DurableConsumer(js, sessions, processed_messages, name, SUBJECTS, handle, settle=projection.settle)
    # A consumer of its own, named after the live one (the service's NATS user may run no other), made anew:
    # one left by a rebuild that stopped halfway would start where that one stopped.
    replaying = name + nats_access.REBUILD_SUFFIX
    with contextlib.suppress(NotFoundError):
        await js.delete_consumer(bus.STREAM, replaying)
    subscription = await js.pull_subscribe(SUBJECTS[0], durable=replaying, stream=bus.STREAM, config=ConsumerConfig(
        deliver_policy=DeliverPolicy.ALL, filter_subjects=SUBJECTS, inactive_threshold=60))
    applied = 0
    try:
        while True:
            try:
                batch = await subscription.fetch(200, timeout=2.0)
            except TimeoutError:
                break
            for msg in batch:
                applied += await replay.handle(msg)
            if batch and batch[-1].metadata.sequence.stream >= last:
                break
    finally:
        await subscription.unsubscribe()
        await js.delete_consumer(bus.STREAM, replaying)
    await asyncio.sleep(0)
    return applied
