"""In-memory stand-ins for what the invitations service's use cases reach: its tables (lists, ranked editors,
jobs, opt-outs, standings) behind a fake unit of work that keeps a transaction's changes only when it commits,
wikis with edit histories, the registration service, and a clock that moves only when told. `ring()` wires them
through the service's real bootstrap."""
import datetime
from dataclasses import dataclass

from tests.service_layer.fakes_invitations.registration import FakeRegistration
from tests.service_layer.fakes_invitations.tables import Tables
from tests.service_layer.fakes_invitations.unit_of_work import START, FakeUnitOfWork, FixedClock
from tests.service_layer.fakes_invitations.wikis import FakeWiki, FakeWikis, editor, revision

__all__ = ["START", "FakeRegistration", "FakeUnitOfWork", "FakeWiki", "FakeWikis", "Ring", "editor", "revision",
           "ring"]


@dataclass
class Ring:
    """The service wired by its real bootstrap around the fakes, and the fakes themselves to look into."""
    uow: FakeUnitOfWork
    wikis: FakeWikis
    registration: FakeRegistration
    service: object  # bootstrap.Invitations

    @property
    def tables(self) -> Tables:
        return self.uow.tables


def ring(**wikis: FakeWiki) -> Ring:
    from eventcenter.services.invitations.bootstrap import JobSettings, bootstrap

    uow = FakeUnitOfWork(FixedClock())
    fake_wikis = FakeWikis(**(wikis or {"enwiki": FakeWiki()}))
    registration = FakeRegistration()
    jobs = JobSettings(lease=datetime.timedelta(seconds=60), max_attempts=3, idle_seconds=0.01, jobs_at_once=1)
    return Ring(uow, fake_wikis, registration, bootstrap(uow=uow, wikis=fake_wikis, registration=registration,
                                                         jobs=jobs))
