"""The durable consumer base: a redelivered or replayed message changes nothing."""
import asyncio
import uuid

from nats.js.api import ConsumerConfig, DeliverPolicy
from sqlalchemy import BigInteger, Column, MetaData, Table, Text, insert, select

from eventcenter.services.kernel import bus
from eventcenter.services.kernel.compiled import transaction_memo
from eventcenter.services.kernel.consumer import DurableConsumer, kept_in_transaction
from eventcenter.services.kernel.outbox import processed_messages_table

metadata = MetaData()
effects = Table("consumer_test_effects", metadata, Column("id", BigInteger, primary_key=True, autoincrement=True),
                Column("message", Text))
processed = processed_messages_table(metadata)


async def _effects(registration, ids: list[str]) -> list[str]:
    async with registration.sessions() as session:
        query = select(effects.c.message).where(effects.c.message.in_(ids))
        return sorted((await session.execute(query)).scalars().all())


async def _publish(js, subject: str, ids: list[str]) -> None:
    for message_id in ids:
        await js.publish(subject, message_id.encode(), headers={bus.HEADER_MESSAGE_ID: message_id})


async def _ready(registration, infra):
    """The effects table, a subject of the test's own, and a connection to the stream."""
    async with registration.engine.begin() as connection:
        await connection.run_sync(lambda sync: effects.create(sync, checkfirst=True))
    connection = await bus.connect(infra.nats_url, "test-consumer")
    js = connection.jetstream()
    await bus.ensure_stream(js)
    return f"eventcenter.test.v1.Ping{uuid.uuid4().hex[:8]}", connection, js


async def test_consumer_applies_each_message_once_across_redelivery_and_replay(registration, infra):
    subject, connection, js = await _ready(registration, infra)

    async def record(session, kind, data, headers):
        await session.execute(insert(effects).values(message=data.decode()))

    consumer = DurableConsumer(js, registration.sessions, processed, f"test-{uuid.uuid4().hex[:8]}", [subject], record)
    ids = [str(uuid.uuid4()) for _ in range(5)]
    await _publish(js, subject, ids + ids[:2])  # a publisher retry: JetStream drops the repeats
    stop = asyncio.Event()
    runner = asyncio.create_task(consumer.run(stop))
    for _ in range(50):
        if len(await _effects(registration, ids)) == 5:
            break
        await asyncio.sleep(0.1)
    stop.set()
    await runner
    assert await _effects(registration, ids) == sorted(ids)

    # Replaying the stream from its start (as a restarted or rebuilt consumer would) changes nothing.
    replay = await js.pull_subscribe(
        subject, stream=bus.STREAM, config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL)
    )
    again = await replay.fetch(10, timeout=2)
    assert [await consumer.handle(m) for m in again] == [False] * 5
    assert await _effects(registration, ids) == sorted(ids)
    await connection.close()


async def test_a_batch_claims_its_messages_at_once_and_applies_each_once(registration, infra):
    subject, connection, js = await _ready(registration, infra)
    seen_versions = []

    async def record(session, kind, data, headers):
        # The same event copy comes with several messages: kept once per transaction, at its newest version.
        seen_versions.append(kept_in_transaction(session, "test", "event", 1))
        await session.execute(insert(effects).values(message=data.decode()))

    consumer = DurableConsumer(js, registration.sessions, processed, f"test-{uuid.uuid4().hex[:8]}", [subject], record)
    ids = [str(uuid.uuid4()) for _ in range(4)]
    await _publish(js, subject, ids)

    async def delivered() -> list:  # each time as a new delivery, as a redelivery would be
        replay = await js.pull_subscribe(subject, stream=bus.STREAM,
                                         config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
        return await replay.fetch(4, timeout=2)
    assert await consumer.handle((await delivered())[0])  # handled before the batch came
    await consumer.handle_together(await delivered() + (await delivered())[1:2])  # one message twice in the batch
    assert await _effects(registration, ids) == sorted(ids)
    assert seen_versions == [False, False, True, True]  # a new transaction forgets; the batch keeps once
    await connection.close()


async def test_under_load_a_batch_waits_to_grow_and_a_lone_message_does_not(registration, infra):
    subject, connection, js = await _ready(registration, infra)

    async def nothing(session, kind, data, headers):
        pass

    consumer = DurableConsumer(js, registration.sessions, processed, f"test-{uuid.uuid4().hex[:8]}", [subject],
                               nothing, linger_seconds=1.0)
    subscription = await consumer.subscribe()

    async def batch() -> list[str]:
        messages = await consumer._next_batch(subscription)
        for message in messages:
            await message.ack()
        return [message.data.decode() for message in messages]

    async def publish_soon(ids: list[str]) -> None:
        await asyncio.sleep(0.05)
        await _publish(js, subject, ids)

    await _publish(js, subject, ["alone"])
    assert await batch() == ["alone"]  # idle: handled with whatever is ready, without waiting
    await _publish(js, subject, ["first", "second"])
    assert await batch() == ["first", "second"]  # more than one came together: the consumer is busy

    await _publish(js, subject, ["busy-1"])
    later = asyncio.create_task(publish_soon(["busy-2", "busy-3"]))
    assert await batch() == ["busy-1", "busy-2", "busy-3"]  # busy: the batch waited for the ones that followed
    await later
    await connection.close()


async def test_what_a_batch_gathered_is_written_once_at_its_end_in_its_transaction(registration, infra):
    subject, connection, js = await _ready(registration, infra)
    settled = []

    async def gather(session, kind, data, headers):
        transaction_memo(session).setdefault("gathered", []).append(data.decode())

    async def settle(session):
        gathered = transaction_memo(session).pop("gathered", [])
        settled.append(len(gathered))
        await session.execute(insert(effects), [dict(message=m) for m in gathered])

    consumer = DurableConsumer(js, registration.sessions, processed, f"test-{uuid.uuid4().hex[:8]}", [subject],
                               gather, settle=settle)
    ids = [str(uuid.uuid4()) for _ in range(4)]
    await _publish(js, subject, ids)
    subscription = await consumer.subscribe()
    messages = await subscription.fetch(4, timeout=2)
    await consumer.handle_together(messages[:3])
    await consumer.handle(messages[3])
    assert settled == [3, 1] and await _effects(registration, ids) == sorted(ids)

    # A settle that fails undoes its batch, whose messages are then applied one by one.
    def failing(session):
        raise RuntimeError("the database refused")
    broken = DurableConsumer(js, registration.sessions, processed, f"test-{uuid.uuid4().hex[:8]}", [subject],
                             gather, settle=failing)
    more = [str(uuid.uuid4()) for _ in range(2)]
    await _publish(js, subject, more)
    subscription = await broken.subscribe()
    fetched = [m for m in await subscription.fetch(10, timeout=2) if m.data.decode() in more]
    await broken.handle_together(fetched)
    assert await _effects(registration, more) == []
    await connection.close()
