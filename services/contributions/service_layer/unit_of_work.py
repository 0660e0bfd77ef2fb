"""Contributions' unit of work: the kernel's (one transaction per use case, retried when the database asks), with
the service's repositories on its `Work`, so that a test can hand in-memory ones instead (bootstrap takes a fake
unit of work). Each repository is one of adapters/ bound to the transaction's session."""
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contributions.adapters import checks, contributions, copies, links, worklists
from eventcenter.services.contributions.adapters.repositories import SessionBound
from eventcenter.services.kernel import unit_of_work as kernel


@dataclass
class Work(kernel.Work):
    """What a use case holds while its transaction is open: the event copies, associated edits and goals, Dashboard
    links, worklists and the revision checks' schedule, and what to do once the transaction is committed."""
    copies: Any = None
    contributions: Any = None
    links: Any = None
    worklists: Any = None
    checks: Any = None
    committed: list[Callable[[], None]] = field(default_factory=list)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Runs `callback` once this transaction is committed (never if it is rolled back). Without a session (an
        in-memory unit of work), whoever ran the use case runs `committed`."""
        if not self.committed and self.session is not None:
            orm_event.listen(self.session.sync_session, "after_commit", lambda _: self._run_committed(), once=True)
        self.committed.append(callback)

    def _run_committed(self) -> None:
        for callback in self.committed:
            callback()


def work_on(session: AsyncSession, now: datetime.datetime) -> Work:
    """A Work on a transaction someone else holds (the stream consumer's, whose message ids commit with it)."""
    return Work(session, now, copies=SessionBound(copies, session),
                contributions=SessionBound(contributions, session), links=SessionBound(links, session),
                worklists=SessionBound(worklists, session), checks=SessionBound(checks, session))


class ContributionsUnitOfWork(kernel.UnitOfWork):
    """No outbox: this service emits no events."""

    def _work(self, session: AsyncSession) -> Work:
        return work_on(session, self.clock.now())
