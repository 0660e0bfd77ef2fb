"""Notifications' unit of work: the kernel's (one transaction per use case, retried on lock conflicts), whose work
carries this service's repositories. The stream consumer opens its own transaction for a batch of messages:
`work_in` hands the same repositories over that transaction."""
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel import unit_of_work as kernel
from eventcenter.services.kernel.clock import Clock
from eventcenter.services.notifications.service_layer import ports


@dataclass(kw_only=True)
class Work(kernel.Work):
    copies: ports.Copies
    contacts: ports.Contacts
    fanout: ports.Fanout
    inbox: ports.Inbox
    reminders: ports.DueReminders
    deliveries: ports.Deliveries
    # Runs the callback once after this transaction commits, however often it is asked for under one key.
    when_committed: Callable[[str, Callable[[], None]], None]


class UnitOfWork(kernel.UnitOfWork):
    """`repositories` makes the work of one transaction (bootstrap hands the SQL adapters' maker)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 repositories: Callable[[AsyncSession, datetime.datetime], Work], clock: Clock | None = None) -> None:
        super().__init__(sessions, None, clock)
        self.repositories = repositories

    def _work(self, session: AsyncSession) -> Work:
        return self.repositories(session, self.clock.now())

    def work_in(self, session: AsyncSession) -> Work:
        """The work of a use case run inside a transaction someone else opened and commits."""
        return self._work(session)
