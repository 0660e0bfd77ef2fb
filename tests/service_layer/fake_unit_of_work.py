"""A unit of work on in-memory stores: one use case at a time, its changes dropped when it raises, its events kept
in `emitted` once it returns. Newcomers are never batched here: every registration takes the single call's path."""
import asyncio
import contextlib
import copy
from types import SimpleNamespace

from eventcenter.services.kernel.clock import Clock
from eventcenter.services.registration.service_layer.unit_of_work import Work
from tests.service_layer.fake_participants import FakeParticipants
from tests.service_layer.fake_store import FakeEvents, FakePasscodeTries, FakePeople, Tables


class FakeWork(Work):
    def savepoint(self):
        return contextlib.nullcontext()


class FakeUnitOfWork:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.tables = Tables()
        self.emitted: list = []
        self.written = asyncio.Event()
        self.lock = asyncio.Lock()  # one transaction at a time: what the database's locks give the real one

    def _store(self) -> SimpleNamespace:
        return SimpleNamespace(events=FakeEvents(self.tables, self.clock), people=FakePeople(self.tables),
                               participants=FakeParticipants(self.tables, self.clock),
                               passcode_tries=FakePasscodeTries(self.tables))

    async def run(self, use_case):
        async with self.lock:
            before = copy.deepcopy(vars(self.tables))
            work = FakeWork(None, self.clock.now(), store=self._store())  # type: ignore[arg-type]
            try:
                result = await use_case(work)
            except BaseException:
                vars(self.tables).update(before)
                raise
            self.emitted.extend(work.events)
            if work.events:
                self.written.set()
            return result

    async def register_newcomer(self, call):
        return None  # to the single call's path
