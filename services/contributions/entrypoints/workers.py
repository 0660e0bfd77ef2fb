"""The service's background workers: each a loop that runs one round of its use case now, the next after its
interval or as soon as it is woken (a Dashboard link changed, a worklist turned on, the service stopping)."""
import datetime

from eventcenter.services.contributions.service_layer import (
    dashboard_sync_cases,
    gathering_cases,
    revision_check_cases,
)
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.kernel.loops import WakeableLoop


class DashboardSyncWorker:
    """Sends the links that are due; its interval is also the first delay before a failed sync is tried again."""

    def __init__(self, deps: Dependencies, interval: float) -> None:
        self.deps = deps
        self.loop = WakeableLoop("dashboard_sync", interval, lambda: dashboard_sync_cases.sync_due(deps))
        self.interval = interval
        self.wake, self.run = self.loop.wake, self.loop.run

    @property
    def interval(self) -> float:
        return self.loop.interval

    @interval.setter
    def interval(self, seconds: float) -> None:
        self.loop.interval = self.deps.dashboard_retry_seconds = seconds


def gathering_worker(deps: Dependencies, interval: float) -> WakeableLoop:
    every = datetime.timedelta(seconds=interval)
    return WakeableLoop("gathering", interval, lambda: gathering_cases.gather_due(deps, every))


def revision_check_worker(deps: Dependencies, interval: float, batch: int, recent_days: float) -> WakeableLoop:
    schedule = revision_check_cases.CheckSchedule(datetime.timedelta(seconds=interval), batch,
                                                  datetime.timedelta(days=recent_days))
    # Woken at least every minute: a pass that is due is then taken (one replica at a time).
    return WakeableLoop("revision_checks", min(interval, 60),
                        lambda: revision_check_cases.check_all_due(deps, schedule))
