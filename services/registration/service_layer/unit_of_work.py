"""Unit of work: one transaction per use case; the events it emits go to the outbox in that transaction."""
import asyncio
import datetime
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TypeVar

import asyncpg
from google.protobuf.message import Message
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.compiled import CONNECTION_LOST, pooled_driver
from eventcenter.services.kernel.outbox import Outbox

T = TypeVar("T")
# Lock timeout, deadlock, serialization failure: the transaction is retried from the start.
RETRYABLE_SQLSTATES = {"55P03", "40P01", "40001"}
ATTEMPTS = 6
# How long a transaction waits for a row lock (an event's counters) before it is retried from the start.
LOCK_TIMEOUT = "3s"


async def _nothing(work: object) -> None:
    return None


@dataclass
class Work:
    session: AsyncSession
    now: datetime.datetime
    events: list[Message] = field(default_factory=list)
    lock_counters: bool = True  # False only in tests (see UnitOfWork)
    counters_read: Callable[[object], Awaitable[None]] = _nothing  # tests only (see UnitOfWork)

    def emit(self, event: Message) -> None:
        self.events.append(event)


@dataclass
class DirectWork:
    """A transaction on the database driver's own connection, for the hottest use case: SQLAlchemy's statement
    building and result handling cost about ten times what asyncpg does per statement. Its statements write their
    events to the outbox themselves (`outbox` gives the rows)."""
    connection: asyncpg.Connection
    now: datetime.datetime
    outbox: Outbox
    lock_counters: bool = True  # False only in tests (see UnitOfWork)
    counters_read: Callable[[object], Awaitable[None]] = _nothing  # tests only (see UnitOfWork)


class UnitOfWork:
    """Lock waits are bounded by the connections' lock_timeout (LOCK_TIMEOUT, set by the service's engine).

    For tests only, two ways into a registration's race on an event's counters, on both paths (batched and
    general). `unlocked_counters_for_tests`: the counters are read without their row lock, so that a capacity race
    test can show that without the lock the same race oversells (its negative control). `counters_read`: awaited
    with the work between a registration's read of the counters and its write (with the lock held, when it is
    taken), once the places are decided, so that a test can hold one transaction there while others race it. No setting or environment variable reaches either: only a test
    that builds the service itself can turn the lock off (RegistrationService's field of the same name)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], outbox: Outbox, clock: Clock,
                 written: asyncio.Event | None = None, unlocked_counters_for_tests: bool = False) -> None:
        self.sessions = sessions
        self.outbox = outbox
        self.clock = clock
        self.lock_counters = not unlocked_counters_for_tests
        self.counters_read: Callable[[Work | DirectWork], Awaitable[None]] = _nothing
        # Set once a transaction that emitted events has committed: the relay publishes them at once.
        self.written = written or asyncio.Event()

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[Work]:
        async with self.sessions() as session, session.begin():
            work = Work(session, self.clock.now(), lock_counters=self.lock_counters, counters_read=self.counters_read)
            yield work
            for event in work.events:
                await self.outbox.add(session, event)

    async def run_direct(self, use_case: Callable[[DirectWork], Awaitable[T | None]]) -> T | None:
        """Runs a use case on the driver's connection in one transaction. A use case that returns None leaves the
        decision to the general path: its transaction is rolled back and the caller runs that path. Lock
        conflicts and dropped connections are retried as in `run`."""
        async def once() -> T | None:
            async with pooled_driver(self.sessions) as driver:
                result = await self._direct(driver, use_case)
            if result is not None:
                self.written.set()
            return result
        return await _retried(once, _retryable_on_driver)

    async def _direct(self, driver: asyncpg.Connection, use_case: Callable[[DirectWork], Awaitable[T | None]]):
        transaction = driver.transaction()
        await transaction.start()
        try:
            result = await use_case(DirectWork(driver, self.clock.now(), self.outbox, self.lock_counters,
                                               self.counters_read))
        except BaseException:
            await transaction.rollback()
            raise
        if result is None:
            await transaction.rollback()
        else:
            await transaction.commit()
        return result

    async def run(self, use_case: Callable[[Work], Awaitable[T]]) -> T:
        """Runs a use case in a transaction, again from the start after a lock conflict or on a connection the
        database dropped (it restarted: the pool then hands out new ones)."""
        async def once() -> T:
            async with self.begin() as work:
                result = await use_case(work)
            if work.events:
                self.written.set()
            return result
        return await _retried(once, _retryable_through_sqlalchemy)


def _retryable_through_sqlalchemy(error: Exception) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    code = getattr(error.orig, "sqlstate", None) or getattr(getattr(error.orig, "__cause__", None), "sqlstate", None)
    return code in RETRYABLE_SQLSTATES or error.connection_invalidated


def _retryable_on_driver(error: Exception) -> bool:
    return isinstance(error, CONNECTION_LOST) or getattr(error, "sqlstate", None) in RETRYABLE_SQLSTATES


async def _retried(attempt: Callable[[], Awaitable[T]], retryable: Callable[[Exception], bool]) -> T:
    """Runs an attempt again from the start, after a short random pause, while it fails in a retryable way."""
    for number in range(1, ATTEMPTS + 1):
        try:
            return await attempt()
        except Exception as error:
            if not retryable(error) or number == ATTEMPTS:
                raise
            await asyncio.sleep(random.uniform(0, 0.02 * number))
    raise AssertionError("unreachable")
