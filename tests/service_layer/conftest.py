"""The use-case ring: registration's use cases through the real bootstrap, on a fake unit of work (in-memory
stores) and a clock the tests move. Nothing here starts PostgreSQL or NATS."""
from dataclasses import dataclass

import pytest

from eventcenter.services.kernel.clock import Clock
from eventcenter.services.kernel.identity import current_identity
from eventcenter.services.registration import bootstrap
from tests.service_layer.fake_unit_of_work import FakeUnitOfWork


@dataclass
class Ring:
    uow: FakeUnitOfWork
    clock: Clock
    servicer: object

    async def call(self, who, method: str, request):
        """A gRPC method of the servicer, as `who` (the identity a verified token gives)."""
        token = current_identity.set(who)
        try:
            return await getattr(self.servicer, method)(request, None)
        finally:
            current_identity.reset(token)


@pytest.fixture
def ring() -> Ring:
    clock = Clock()
    uow = FakeUnitOfWork(clock)
    return Ring(uow, clock, bootstrap.use_cases(uow))
