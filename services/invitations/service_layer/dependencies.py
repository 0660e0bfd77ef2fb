"""What the use cases are handed, real or fake: the unit of work, the wikis, the registration service, and a way
to wake the job worker when a list is queued. bootstrap.py builds one."""
from collections.abc import Callable
from dataclasses import dataclass

from eventcenter.services.invitations.service_layer.ports import Registration, Wikis
from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork


def _nobody_to_wake() -> None:
    return None


@dataclass
class Dependencies:
    uow: UnitOfWork
    wikis: Wikis
    registration: Registration
    list_queued: Callable[[], None] = _nobody_to_wake
