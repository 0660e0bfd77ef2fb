"""Sends reminders when they come due. Each is taken under a row lock and settled in the transaction that
queues its mail, so it goes out once however many replicas run this loop."""
import asyncio
import datetime
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.notifications.adapters import copies, due_reminders, fanout
from eventcenter.services.notifications.adapters.fanout import Outgoing
from eventcenter.services.notifications.domain import kinds, messages
from eventcenter.services.notifications.domain import reminders as rules

log = get_logger(__name__)
BATCH = 50


class ReminderScheduler:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], public_url: str,
                 now: Callable[[], datetime.datetime], queued: Callable[[], None], interval_seconds: float) -> None:
        self.sessions = sessions
        self.public_url = public_url
        self.now = now
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
        now = self.now()
        async with self.sessions() as session, session.begin():
            due = await due_reminders.take_due(session, now, BATCH)
            for reminder in due:
                event = await copies.load_event(session, reminder.event_id)
                if event is None or event.deleted or not rules.still_worth_sending(event.start_utc, now):
                    await due_reminders.settle(session, reminder.event_id, reminder.offset, rules.SKIPPED)
                    continue
                told = messages.reminder(copies.facts_of(event, self.public_url), reminder.offset)
                key = f"reminder:{event.id}:{reminder.offset}:{event.start_utc.isoformat()}"
                await fanout.send(session, Outgoing(key, kinds.REMINDER, told, event.id),
                                  fanout.participants_of(event.id, with_place=True), now)
                await due_reminders.settle(session, reminder.event_id, reminder.offset, rules.SENT)
        if due:
            self.queued()
        return len(due)
