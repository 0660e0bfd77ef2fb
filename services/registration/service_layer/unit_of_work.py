"""Registration's unit of work: the kernel's (one transaction per use case, its events to the outbox), plus a
transaction on the driver's own connection for the hottest use case, and two ways into a registration's race on an
event's counters for tests."""
import asyncio
import datetime
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel import unit_of_work as kernel
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.compiled import CONNECTION_LOST, pooled_driver
from eventcenter.services.kernel.outbox import Outbox

T = TypeVar("T")
# How long a transaction waits for a row lock (an event's counters) before it is retried from the start.
LOCK_TIMEOUT = "3s"


async def _nothing(work: object) -> None:
    return None


@dataclass
class Work(kernel.Work):
    lock_counters: bool = True  # False only in tests (see UnitOfWork)
    counters_read: Callable[[Any], Awaitable[None]] = _nothing  # tests only (see UnitOfWork)


@dataclass
class DirectWork:
    """A transaction on the database driver's own connection, for the hottest use case: SQLAlchemy's statement
    building and result handling cost about ten times what asyncpg does per statement. Its statements write their
    events to the outbox themselves (`outbox` gives the rows)."""
    connection: asyncpg.Connection
    now: datetime.datetime
    outbox: Outbox
    lock_counters: bool = True  # False only in tests (see UnitOfWork)
    counters_read: Callable[[Any], Awaitable[None]] = _nothing  # tests only (see UnitOfWork)


class UnitOfWork(kernel.UnitOfWork):
    """Lock waits are bounded by the connections' lock_timeout (LOCK_TIMEOUT, set by the service's engine).

    For tests only, two ways into a registration's race on an event's counters, on both paths (batched and
    general). `unlocked_counters_for_tests`: the counters are read without their row lock, so that a capacity race
    test can show that without the lock the same race oversells (its negative control). `counters_read`: awaited
    with the work between a registration's read of the counters and its write (with the lock held, when it is
    taken), once the places are decided, so that a test can hold one transaction there while others race it. No
    setting or environment variable reaches either: only a test that builds the service itself can turn the lock
    off (RegistrationService's field of the same name)."""
    outbox: Outbox

    def __init__(self, sessions: async_sessionmaker[AsyncSession], outbox: Outbox, clock: Clock,
                 written: asyncio.Event | None = None, unlocked_counters_for_tests: bool = False) -> None:
        super().__init__(sessions, outbox, clock, written)
        self.lock_counters = not unlocked_counters_for_tests
        self.counters_read: Callable[[Work | DirectWork], Awaitable[None]] = _nothing

    def _work(self, session: AsyncSession) -> Work:
        return Work(session, self.clock.now(), lock_counters=self.lock_counters, counters_read=self.counters_read)

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
        return await kernel.retried(once, _retryable_on_driver)

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


def _retryable_on_driver(error: Exception) -> bool:
    return isinstance(error, CONNECTION_LOST) or getattr(error, "sqlstate", None) in kernel.RETRYABLE_SQLSTATES
