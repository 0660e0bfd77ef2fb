"""A unit of work over the in-memory tables, and a clock that moves only when told."""
import copy
import datetime
from contextlib import asynccontextmanager

from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork, Work
from eventcenter.services.kernel.clock import Clock
from tests.service_layer.fakes_invitations.tables import (
    InMemoryInvitationLists,
    InMemoryJobQueue,
    InMemoryOptOuts,
    InMemoryStandings,
    Tables,
)

START = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


class FixedClock(Clock):
    """START until a test advances it."""

    def now(self) -> datetime.datetime:
        return START + self.offset


class FakeUnitOfWork(UnitOfWork):
    """Each transaction works on the tables; a failed one leaves them as they were. Committed events are kept in
    `published`, in order."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(sessions=None, clock=clock)  # type: ignore[arg-type]
        self.tables = Tables()
        self.published: list = []
        self.commits = 0

    def _work(self, session) -> Work:
        return Work(session, self.clock.now(), lists=InMemoryInvitationLists(self.tables),
                    opt_outs=InMemoryOptOuts(self.tables), jobs=InMemoryJobQueue(self.tables),
                    standings=InMemoryStandings(self.tables))

    @asynccontextmanager
    async def begin(self):
        before = copy.deepcopy(self.tables)
        work = self._work(None)
        try:
            yield work
        except BaseException:
            self.tables.__dict__.update(before.__dict__)
            raise
        self.published.extend(work.events)
        self.commits += 1
