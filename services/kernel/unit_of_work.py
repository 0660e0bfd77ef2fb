"""Unit of work: one transaction per use case, retried from the start when the database asks for it; the events a
use case emits go to the service's outbox in that same transaction, so a state change and its event are never
apart. Every service's use cases run through one of these (docs/architecture.md "Layers")."""
import asyncio
import datetime
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from google.protobuf.message import Message
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.outbox import Outbox

T = TypeVar("T")
# Lock timeout, deadlock, serialization failure: the transaction is retried from the start.
RETRYABLE_SQLSTATES = {"55P03", "40P01", "40001"}
ATTEMPTS = 6


@dataclass
class Work:
    """What a use case holds while its transaction is open."""
    session: AsyncSession
    now: datetime.datetime
    events: list[Message] = field(default_factory=list)

    def emit(self, event: Message) -> None:
        self.events.append(event)


class UnitOfWork:
    """`written` is set once a transaction that emitted events has committed: the relay publishes them at once."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], outbox: Outbox | None = None,
                 clock: Clock | None = None, written: asyncio.Event | None = None) -> None:
        self.sessions = sessions
        self.outbox = outbox
        self.clock = clock or Clock()
        self.written = written or asyncio.Event()

    def _work(self, session: AsyncSession) -> Work:
        return Work(session, self.clock.now())

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[Work]:
        async with self.sessions() as session, session.begin():
            work = self._work(session)
            yield work
            if work.events and self.outbox is None:
                raise RuntimeError("this unit of work has no outbox to write events to")
            for event in work.events:
                await self.outbox.add(session, event)  # type: ignore[union-attr]

    async def run(self, use_case: Callable[[Work], Awaitable[T]]) -> T:
        """Runs a use case in a transaction, again from the start after a lock conflict or on a connection the
        database dropped (it restarted: the pool then hands out new ones)."""
        async def once() -> T:
            async with self.begin() as work:
                result = await use_case(work)
            if work.events:
                self.written.set()
            return result
        return await retried(once, retryable_through_sqlalchemy)


def retryable_through_sqlalchemy(error: Exception) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    code = getattr(error.orig, "sqlstate", None) or getattr(getattr(error.orig, "__cause__", None), "sqlstate", None)
    return code in RETRYABLE_SQLSTATES or error.connection_invalidated


async def retried(attempt: Callable[[], Awaitable[T]], retryable: Callable[[Exception], bool]) -> T:
    """Runs an attempt again from the start, after a short random pause, while it fails in a retryable way."""
    for number in range(1, ATTEMPTS + 1):
        try:
            return await attempt()
        except Exception as error:
            if not retryable(error) or number == ATTEMPTS:
                raise
            await asyncio.sleep(random.uniform(0, 0.02 * number))
    raise AssertionError("unreachable")
