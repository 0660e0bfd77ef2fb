"""In-memory stand-ins for what the invitations service's use cases reach: its tables (lists, ranked editors,
jobs, opt-outs, standings) behind a fake unit of work that keeps a transaction's changes only when it commits,
wikis with edit histories, the registration service, and a clock that moves only when told.
`wired_invitations()` wires them through the service's real bootstrap."""
import datetime
from dataclasses import dataclass

from eventcenter.services.invitations.bootstrap import Invitations, JobSettings, bootstrap
from tests.service_layer.fakes_invitations.registration import FakeRegistration
from tests.service_layer.fakes_invitations.tables import Tables
from tests.service_layer.fakes_invitations.unit_of_work import START, FakeUnitOfWork, FixedClock
from tests.service_layer.fakes_invitations.wikis import FakeWiki, FakeWikis, editor, revision

__all__ = ["START", "FakeRegistration", "FakeUnitOfWork", "FakeWiki", "FakeWikis", "WiredInvitations", "editor",
           "revision", "wired_invitations"]
# Three attempts, so that a test sees a list fail; leases of a minute, which the tests' clock moves past.
JOBS = JobSettings(lease=datetime.timedelta(seconds=60), max_attempts=3, idle_seconds=0.01, jobs_at_once=1)


@dataclass
class WiredInvitations:
    """The service wired by its real bootstrap around the fakes, and the fakes themselves to look into."""
    uow: FakeUnitOfWork
    wikis: FakeWikis
    registration: FakeRegistration
    service: Invitations

    @property
    def tables(self) -> Tables:
        return self.uow.tables


def wired_invitations(**wikis: FakeWiki) -> WiredInvitations:
    """The service on the given wikis (by default one empty enwiki), at START."""
    uow = FakeUnitOfWork(FixedClock())
    fake_wikis = FakeWikis(**(wikis or {"enwiki": FakeWiki()}))
    registration = FakeRegistration()
    service = bootstrap(uow=uow, wikis=fake_wikis, registration=registration, jobs=JOBS)
    return WiredInvitations(uow, fake_wikis, registration, service)
