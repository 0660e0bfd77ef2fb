"""What the contributions use cases are given: the unit of work, the wikis, the Dashboard, the clock, and how to
wake the workers. bootstrap.py builds it, with real adapters or with a test's fakes."""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventcenter.services.contributions.service_layer.unit_of_work import ContributionsUnitOfWork
from eventcenter.services.kernel.clock import Clock


def _nothing() -> None:
    return None


@dataclass
class Dependencies:
    uow: ContributionsUnitOfWork
    wikis: Any  # kernel.wikis.WikiDirectory, or a test's fake: known() and client(wiki)
    dashboard: Any  # adapters.dashboard.DashboardClient, or a test's fake: allowed and post()
    clock: Clock
    # The first delay before a failed Dashboard sync is tried again (doubling after each failure).
    dashboard_retry_seconds: float = 30.0
    # Wake the Dashboard sync worker (a link has something to send) and the gathering worker (a worklist is on).
    dashboard_changed: Callable[[], None] = _nothing
    worklist_changed: Callable[[], None] = _nothing
