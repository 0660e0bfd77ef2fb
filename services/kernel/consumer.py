"""Durable, idempotent JetStream consumer: each message's effect and its id commit together."""
import asyncio
from collections.abc import Awaitable, Callable

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry.trace import SpanKind
from sqlalchemy import Table, Text, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel import bus, logs, metrics, tracing
from eventcenter.services.kernel.compiled import transaction_memo
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)

Handler = Callable[[AsyncSession, str, bytes, dict[str, str]], Awaitable[None]]


def _message_id(msg: Msg) -> str:
    return (msg.headers or {}).get(bus.HEADER_MESSAGE_ID) or f"{msg.metadata.stream}:{msg.metadata.sequence.stream}"


def kept_in_transaction(session: AsyncSession, kind: str, key: object, version: int) -> bool:
    """True when this transaction already kept `key` at `version` or newer; else notes it as kept. A batch of
    stream messages applied together carries the same event copy many times (each registration brings it), and
    a consumer needs to store it once."""
    kept = transaction_memo(session).setdefault(kind, {})
    if kept.get(key, version - 1) >= version:
        return True
    kept[key] = version
    return False


# How long a batch may wait to grow while events keep coming: a little latency for far fewer transactions.
LINGER_SECONDS = 0.02


class DurableConsumer:
    def __init__(
        self,
        js: JetStreamContext,
        sessions: async_sessionmaker[AsyncSession],
        processed: Table,
        durable: str,
        subjects: list[str],
        handler: Handler,
        batch_size: int = 50,
        linger_seconds: float = LINGER_SECONDS,
        settle: Callable[[AsyncSession], Awaitable[None]] | None = None,
    ) -> None:
        self.js = js
        self.sessions = sessions
        self.processed = processed
        self.durable = durable
        self.subjects = subjects
        self.handler = handler
        self.batch_size = batch_size
        self.linger_seconds = linger_seconds
        # Runs once the messages of a transaction are applied, in it: a handler may gather a batch's writes (the
        # newest copy of each event, say) and make them there, together.
        self.settle = settle
        self._busy = False  # the last batch held more than one message
        # Built once: the ids of a batch in one array, whatever its size.
        self._claim_statement = insert(processed).from_select(
            ["consumer", "message_id"],
            select(bindparam("consumer", type_=Text), func.unnest(bindparam("ids", type_=ARRAY(Text))))
        ).on_conflict_do_nothing().returning(processed.c.message_id)

    async def subscribe(self):
        config = ConsumerConfig(
            durable_name=self.durable,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            filter_subjects=self.subjects,
            ack_wait=30,
            max_deliver=-1,
        )
        return await self.js.pull_subscribe(self.subjects[0], durable=self.durable, stream=bus.STREAM, config=config)

    async def handle(self, msg: Msg) -> bool:
        """Applies one message at most once; returns False when it was already handled."""
        async with self.sessions() as session, session.begin():
            first_time = await self._apply_once(session, msg)
            await self._settle(session)
        await msg.ack()
        return first_time

    async def handle_together(self, messages: list[Msg]) -> None:
        """Applies a batch in one transaction (one commit, not one per message: most of a consumer's cost under
        load), then acknowledges it. When any message fails, nothing of the batch is kept and each is applied on
        its own, so one bad message holds back no other."""
        try:
            async with self.sessions() as session, session.begin():
                fresh = await self._claim(session, [_message_id(msg) for msg in messages])
                for msg in messages:
                    message_id = _message_id(msg)
                    if message_id in fresh:
                        fresh.discard(message_id)  # (a message redelivered into the same batch counts once)
                        await self._apply(session, msg, message_id)
                await self._settle(session)
        except Exception:
            log.warning("consumer_batch_failed_one_by_one", consumer=self.durable, messages=len(messages))
            await self.handle_each(messages)
            return
        for msg in messages:
            await msg.ack()

    async def handle_each(self, messages: list[Msg]) -> None:
        for msg in messages:
            try:
                await self.handle(msg)
            except Exception as error:  # Not acked: JetStream redelivers it after a pause.
                log.exception("consumer_handle_failed", consumer=self.durable, error=repr(error))
                await msg.nak(delay=2.0)

    async def _apply_once(self, session: AsyncSession, msg: Msg) -> bool:
        """The message's effect and its id, in the caller's transaction; False when it was already handled."""
        message_id = _message_id(msg)
        if not await self._claim(session, [message_id]):
            return False
        await self._apply(session, msg, message_id)
        return True

    async def _settle(self, session: AsyncSession) -> None:
        if self.settle is not None:
            await self.settle(session)

    async def _claim(self, session: AsyncSession, message_ids: list[str]) -> set[str]:
        """Records the ids as handled, in one statement; returns those not handled before."""
        rows = (await session.execute(self._claim_statement, {"consumer": self.durable, "ids": message_ids})).all()
        return {row.message_id for row in rows}

    async def _apply(self, session: AsyncSession, msg: Msg, message_id: str) -> None:
        headers = msg.headers or {}
        # The request that caused the event goes on in this consumer's logs.
        logs.bind_request(headers.get(bus.HEADER_REQUEST_ID) or logs.new_request_id(), consumer=self.durable,
                          message_id=message_id)
        # A child of the publish span whose context came in the message headers: one trace from the first call.
        with tracing.tracer.start_as_current_span(
                f"{self.durable} process", context=tracing.extract(headers), kind=SpanKind.CONSUMER,
                attributes={"messaging.system": "nats", "messaging.destination.name": msg.subject,
                            "messaging.consumer.group.name": self.durable, "messaging.message.id": message_id}):
            tracing.bind_trace_to_logs()
            await self.handler(session, headers.get(bus.HEADER_TYPE, ""), msg.data, headers)

    async def _next_batch(self, subscription) -> list[Msg]:
        """Wakes on the first message, then takes whatever else is ready at once; under load (the last batch
        held more than one), first lets the batch grow for `linger_seconds`.

        A single fetch of a whole batch would, once a first message arrived, wait out its timeout for
        the batch to fill: a lone event would sit there for up to that long before being handled. Under load,
        most of a batch's cost is its own (the fetches, the transaction, its commit), not its messages'."""
        messages = await subscription.fetch(1, timeout=1.0)
        if self.batch_size > 1:
            if self._busy and self.linger_seconds:
                await asyncio.sleep(self.linger_seconds)
            try:
                messages += await subscription.fetch(self.batch_size - 1, timeout=0.01)
            except TimeoutError:
                pass
        self._busy = len(messages) > 1
        return messages

    async def lag(self) -> list[metrics.Sample]:
        """For /metrics: what the stream holds for this consumer that it has not yet handled."""
        info = await self.js.consumer_info(bus.STREAM, self.durable)
        labels = {"consumer": self.durable}
        return [("eventcenter_consumer_lag_messages", labels, info.num_pending or 0),
                ("eventcenter_consumer_ack_pending_messages", labels, info.num_ack_pending or 0)]

    async def run(self, stop: asyncio.Event) -> None:
        subscription = await self.subscribe()
        probe = metrics.add_probe(f"consumer:{self.durable}", self.lag)
        try:
            await self._consume(subscription, stop)
        finally:
            metrics.remove_probe(probe)

    async def _consume(self, subscription, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                messages = await self._next_batch(subscription)
            except TimeoutError:
                continue
            except Exception as error:
                log.warning("consumer_fetch_failed", consumer=self.durable, error=repr(error))
                await asyncio.sleep(1.0)
                continue
            if len(messages) > 1:
                await self.handle_together(messages)
            else:
                await self.handle_each(messages)
