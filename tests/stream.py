"""Reading the EVENTCENTER stream in tests, from its start, with an ephemeral consumer."""
import asyncio

import nats
from nats.js.api import ConsumerConfig, DeliverPolicy

from eventcenter.services.kernel import bus


async def read_all(nats_url: str, subject: str, settle: float = 0.5) -> list:
    connection = await nats.connect(nats_url)
    try:
        js = connection.jetstream()
        subscription = await js.pull_subscribe(subject, stream=bus.STREAM,
                                               config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL))
        messages = []
        while True:
            try:
                batch = await subscription.fetch(500, timeout=settle)
            except (TimeoutError, nats.errors.TimeoutError):
                return messages
            for message in batch:
                await message.ack()
            messages.extend(batch)
    finally:
        await connection.close()


async def wait_for(nats_url: str, subject: str, predicate, expected: int, timeout: float = 20.0) -> list:
    """Messages on subject matching predicate, once at least `expected` are there (or the time is up)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = [m for m in await read_all(nats_url, subject, settle=0.3) if predicate(m)]
        if len(found) >= expected or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.2)
