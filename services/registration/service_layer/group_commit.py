"""Group commit of newcomers' registrations: calls that arrive while a batch is being written wait for the next
one, which writes them all in one transaction. A lone call is written at once, as before; under load many calls
share one transaction's round trips, locks and commit, which cost more here than the rows themselves."""
import asyncio

from prometheus_client import Histogram

from eventcenter.services.registration.service_layer import registration_cases
from eventcenter.services.registration.service_layer.registration_cases import NewcomerCall, Outcome
from eventcenter.services.registration.service_layer.unit_of_work import UnitOfWork

BATCH_SIZE = Histogram("eventcenter_registration_batch_calls", "RegisterParticipant calls written in one transaction.",
                       buckets=(1, 2, 4, 8, 16, 32, 64))
# Calls in one transaction at most: bounds how long its counter locks are held.
MAX_BATCH = 64
# Batches written at once, each on its own connection: while one commits, the next is read.
BATCHES_AT_ONCE = 2


class GroupCommit:
    def __init__(self, uow: UnitOfWork, max_batch: int = MAX_BATCH, batches_at_once: int = BATCHES_AT_ONCE) -> None:
        self.uow = uow
        self.max_batch = max_batch
        self.batches_at_once = batches_at_once
        self.waiting: list[tuple[NewcomerCall, asyncio.Future]] = []
        self.writers: set[asyncio.Task] = set()

    async def register(self, call: NewcomerCall) -> Outcome:
        """The call's outcome once its batch has committed (None: the caller runs `register`)."""
        answered = asyncio.get_running_loop().create_future()
        self.waiting.append((call, answered))
        if len(self.writers) < self.batches_at_once:
            writer = asyncio.create_task(self._write_while_waiting())
            self.writers.add(writer)
            writer.add_done_callback(self.writers.discard)
        outcome = await answered
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def _write_while_waiting(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting[:self.max_batch], self.waiting[self.max_batch:]
            batch = [(call, answered) for call, answered in batch if not answered.done()]  # not given up
            if not batch:
                continue
            BATCH_SIZE.observe(len(batch))
            calls = [call for call, _ in batch]
            try:
                outcomes = await self.uow.run_direct(lambda work: registration_cases.register_newcomers(work, calls))
            except asyncio.CancelledError:
                for _, answered in batch:
                    answered.cancel()
                raise
            except Exception as error:  # the database failed beyond retries: every call of the batch fails
                outcomes = [error] * len(batch)
            for (_, answered), outcome in zip(batch, outcomes or [None] * len(batch)):
                if not answered.done():
                    answered.set_result(outcome)
