"""Invitations' unit of work: the kernel's (one transaction per use case, its events to the outbox), whose work
carries the service's repositories on that transaction's session. A test's fake hands in-memory ones instead."""
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.invitations.adapters.job_queue import SqlJobQueue
from eventcenter.services.invitations.adapters.lists import SqlInvitationLists, SqlOptOuts
from eventcenter.services.invitations.adapters.standings import SqlStandings
from eventcenter.services.invitations.service_layer.ports import InvitationLists, JobQueue, OptOuts, Standings
from eventcenter.services.kernel import unit_of_work as kernel

T = TypeVar("T")


@dataclass
class Work(kernel.Work):
    lists: InvitationLists = field(kw_only=True)
    opt_outs: OptOuts = field(kw_only=True)
    jobs: JobQueue = field(kw_only=True)
    standings: Standings = field(kw_only=True)


class UnitOfWork(kernel.UnitOfWork):
    def _work(self, session: AsyncSession) -> Work:
        return Work(session, self.clock.now(), lists=SqlInvitationLists(session), opt_outs=SqlOptOuts(session),
                    jobs=SqlJobQueue(session), standings=SqlStandings(session))

    def work_on(self, session: AsyncSession) -> Work:
        """The work of a transaction opened elsewhere: the stream consumer's, where a message's effect commits with
        its id. Events emitted in it reach no outbox: the consumer's use cases emit none."""
        return self._work(session)

    async def run(self, use_case: Callable[[Work], Awaitable[T]]) -> T:
        """The kernel's, for use cases that take this service's work (`_work` makes every work one of these)."""
        return await super().run(use_case)
