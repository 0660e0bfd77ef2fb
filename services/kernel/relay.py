"""Outbox relay: publishes unsent outbox rows to JetStream, safe with several replicas."""
import asyncio
import itertools

from nats.js import JetStreamContext
from opentelemetry.trace import SpanKind
from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel import bus, tracing
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
# How long the next batch may gather after one was published: under load, far fewer transactions for a little
# latency (most of a batch's cost is its own: the claim, the mark, the commit).
LINGER_SECONDS = 0.02


class OutboxRelay:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        table: Table,
        js: JetStreamContext,
        batch_size: int = 100,
        idle_seconds: float = 0.2,
        publish_timeout: float = 2.0,
        written: asyncio.Event | None = None,
        linger_seconds: float = LINGER_SECONDS,
    ) -> None:
        self.sessions = sessions
        self.table = table
        self.js = js
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.publish_timeout = publish_timeout
        # Set by this process's writers once their transaction has committed rows: publish now rather than at
        # the next poll (rows written by other replicas still wait for it, at most `idle_seconds`).
        self.written = written or asyncio.Event()
        self.linger_seconds = linger_seconds

    async def publish_pending(self) -> int:
        """Publishes one batch; rows locked by another relay are skipped, not waited for."""
        t = self.table
        async with self.sessions() as session, session.begin():
            rows = (
                await session.execute(
                    select(t.c.seq, t.c.id, t.c.subject, t.c.payload, t.c.headers)
                    .where(t.c.publish_time.is_(None))
                    .order_by(t.c.seq)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            # All at once: the messages leave in one write and their acknowledgements come back together, instead
            # of one round trip each. They leave in order, as each publish is queued before the next starts.
            outcomes = await asyncio.gather(*(self._publish(row) for row in rows), return_exceptions=True)
            # Marked: the rows up to the first that failed. That one and those after it are published again, in
            # order, at the next try; the stream drops the copies it already holds (by message id).
            published = [
                row.seq
                for row, _ in itertools.takewhile(lambda done: done[1] is None, zip(rows, outcomes, strict=False))
            ]
            if published:
                await session.execute(update(t).where(t.c.seq.in_(published)).values(publish_time=func.now()))
        if failure := next((outcome for outcome in outcomes if outcome is not None), None):
            raise failure
        return len(published)

    async def _publish(self, row) -> None:
        """Publishes one row in a span that continues the trace of the call that wrote it (its `traceparent`);
        the message then carries this span's context to the consumers."""
        with tracing.tracer.start_as_current_span(
                f"{row.subject} publish", context=tracing.extract(row.headers), kind=SpanKind.PRODUCER,
                attributes={"messaging.system": "nats", "messaging.destination.name": row.subject,
                            "messaging.message.id": str(row.id)}):
            headers = tracing.inject({**row.headers, bus.HEADER_MESSAGE_ID: str(row.id)})
            await self.js.publish(row.subject, row.payload, timeout=self.publish_timeout, headers=headers)

    async def run(self, stop: asyncio.Event) -> None:
        backoff = self.idle_seconds
        while not stop.is_set():
            self.written.clear()  # what is written from here on is in the next batch or wakes the next wait
            try:
                count = await self.publish_pending()
                backoff = self.idle_seconds
                if 0 < count < self.batch_size and self.linger_seconds:
                    # Rows are coming in: let the next batch gather for a moment. A row written while the relay
                    # waits idle is still published at once.
                    await _pause(stop, self.linger_seconds)
                if count:
                    continue
            except Exception as error:  # NATS or the database is away: keep rows, retry with backoff.
                log.warning("outbox_relay_retry", error=repr(error), retry_in=backoff)
                backoff = min(backoff * 2, 5.0)
                await _pause(stop, backoff)  # not woken by writes: whatever is away needs its time
                continue
            await _pause(stop, backoff, self.written)


async def _pause(stop: asyncio.Event, seconds: float, written: asyncio.Event | None = None) -> None:
    """Until `seconds` pass, the service stops, or (when given) rows are written."""
    waits = [asyncio.ensure_future(stop.wait())] + ([asyncio.ensure_future(written.wait())] if written else [])
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()


async def relay_when_up(stream: bus.StreamConnection, sessions: async_sessionmaker[AsyncSession], table: Table,
                        batch_size: int, idle_seconds: float, stop: asyncio.Event,
                        written: asyncio.Event | None = None) -> None:
    """A service's relay: NATS may be down or come up after the service; meanwhile events wait in the outbox."""
    js = await stream.when_up(stop)
    if js is not None:
        await OutboxRelay(sessions, table, js, batch_size, idle_seconds, written=written).run(stop)
