"""The registration events' stream in JetStream, replayed from its first message (a rebuild of the read model)."""
import contextlib

from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from eventcenter.services.kernel import bus, nats_access
from eventcenter.services.kernel.consumer import DurableConsumer

BATCH = 200


class JetStreamReplay:
    """`consumer` applies each message (its handler, idempotent): the live consumer's, under the same name."""

    def __init__(self, js: JetStreamContext, consumer: DurableConsumer) -> None:
        self.js, self.consumer = js, consumer

    async def bounds(self) -> tuple[int, int]:
        info = await self.js.stream_info(bus.STREAM)
        return info.state.first_seq, info.state.last_seq

    async def replay(self, last: int) -> int:
        subjects = self.consumer.subjects
        # A consumer of its own, named after the live one (the service's NATS user may run no other), made anew:
        # one left by a rebuild that stopped halfway would start where that one stopped.
        replaying = self.consumer.durable + nats_access.REBUILD_SUFFIX
        with contextlib.suppress(NotFoundError):
            await self.js.delete_consumer(bus.STREAM, replaying)
        subscription = await self.js.pull_subscribe(subjects[0], durable=replaying, stream=bus.STREAM,
                                                    config=ConsumerConfig(
            deliver_policy=DeliverPolicy.ALL, filter_subjects=subjects, inactive_threshold=60))
        applied = 0
        try:
            while True:
                try:
                    batch = await subscription.fetch(BATCH, timeout=2.0)
                except TimeoutError:
                    break
                for msg in batch:
                    applied += await self.consumer.handle(msg)
                if batch and batch[-1].metadata.sequence.stream >= last:
                    break
        finally:
            await subscription.unsubscribe()
            await self.js.delete_consumer(bus.STREAM, replaying)
        return applied
