"""The reminder loop: every `interval_seconds`, sends the reminders due by then (service_layer/reminders.py)."""
import asyncio
from collections.abc import Callable

from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.notifications.service_layer import reminders
from eventcenter.services.notifications.service_layer.unit_of_work import UnitOfWork

log = get_logger(__name__)
BATCH = reminders.BATCH


class ReminderScheduler:
    def __init__(self, uow: UnitOfWork, public_url: str, queued: Callable[[], None],
                 interval_seconds: float) -> None:
        self.uow = uow
        self.public_url = public_url
        self.queued = queued
        self.interval = interval_seconds

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.run_until_settled()
            except Exception as error:
                log.warning("reminders_failed", error=repr(error))
            try:
                await asyncio.wait_for(stop.wait(), self.interval)
            except TimeoutError:
                pass

    async def run_until_settled(self) -> None:
        """Takes batches until none is full: every reminder due now is settled."""
        while await self.run_once() == BATCH:
            pass

    async def run_once(self) -> int:
        """Settles the reminders due now; returns how many it took."""
        taken = await self.uow.run(lambda work: reminders.send_due_reminders(work, self.public_url, BATCH))
        if taken:
            self.queued()
        return taken
