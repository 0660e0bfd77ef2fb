"""Group commit: calls that arrive while a batch is being written wait for the next one, which writes them all in
one transaction. A lone call is written at once, as before; under load many calls share one transaction's round
trips, locks and commit, which cost more here than the rows themselves."""
import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from prometheus_client import Histogram

Call = TypeVar("Call")
Outcome = TypeVar("Outcome")
BATCH_SIZE = Histogram("eventcenter_registration_batch_calls", "RegisterParticipant calls written in one transaction.",
                       buckets=(1, 2, 4, 8, 16, 32, 64))
# Calls in one transaction at most: bounds how long its counter locks are held.
MAX_BATCH = 64
# Batches written at once, each on its own connection: while one commits, the next is read.
BATCHES_AT_ONCE = 2


class GroupCommit(Generic[Call, Outcome]):
    """`write` takes a batch of calls and gives each call's outcome, in order (None for the whole batch: each
    call's outcome is None). An outcome that is an exception is raised in its call; so is an exception of
    `write`, in every call of the batch."""

    def __init__(self, write: Callable[[list[Call]], Awaitable[list[Outcome | Exception] | None]],
                 max_batch: int = MAX_BATCH, batches_at_once: int = BATCHES_AT_ONCE) -> None:
        self.write = write
        self.max_batch = max_batch
        self.batches_at_once = batches_at_once
        self.waiting: list[tuple[Call, asyncio.Future]] = []
        self.writers: set[asyncio.Task] = set()

    async def submit(self, call: Call) -> Outcome | None:
        """The call's outcome once its batch has been written."""
        answered = asyncio.get_running_loop().create_future()
        self.waiting.append((call, answered))
        if len(self.writers) < self.batches_at_once:
            writer = asyncio.create_task(self._write_while_waiting())
            self.writers.add(writer)
            writer.add_done_callback(self.writers.discard)  # (one cancelled before it ran)
        outcome = await answered
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def _write_while_waiting(self) -> None:
        try:
            await self._write_batches()
        finally:
            # At once, not in a done callback: a call that comes after the last look at `waiting` must find a
            # free writer's place, or it would wait for a writer that will never come.
            self.writers.discard(asyncio.current_task())

    async def _write_batches(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting[:self.max_batch], self.waiting[self.max_batch:]
            batch = [(call, answered) for call, answered in batch if not answered.done()]  # not given up
            if not batch:
                continue
            BATCH_SIZE.observe(len(batch))
            try:
                outcomes = await self.write([call for call, _ in batch])
            except asyncio.CancelledError:
                for _, answered in batch:
                    answered.cancel()
                raise
            except Exception as error:  # the database failed beyond retries, say: every call of the batch fails
                outcomes = [error] * len(batch)
            each: list[Outcome | Exception | None] = list(outcomes) if outcomes else [None] * len(batch)
            for (_, answered), outcome in zip(batch, each, strict=True):
                if not answered.done():
                    answered.set_result(outcome)
