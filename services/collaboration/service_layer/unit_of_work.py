"""Collaboration's unit of work: the kernel's (one transaction per use case), whose work carries the read model.

The stream consumer opens its own transaction (a message's effect commits with its id), so a use case it runs
joins that transaction instead of opening one."""
import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.collaboration.service_layer.ports import ReadModel
from eventcenter.services.kernel import unit_of_work as kernel
from eventcenter.services.kernel.clock import Clock


@dataclass
class Work(kernel.Work):
    read_model: ReadModel = field(kw_only=True)


class UnitOfWork(kernel.UnitOfWork):
    """`read_model` makes the read model on a transaction's session (the SQL one; a test's in-memory one). No
    outbox: collaboration emits no events."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], read_model: Callable[[AsyncSession], ReadModel],
                 clock: Clock | None = None, written: asyncio.Event | None = None) -> None:
        super().__init__(sessions, None, clock, written)
        self.read_model = read_model

    def _work(self, session: AsyncSession) -> Work:
        return self.joining(session)

    def joining(self, session: AsyncSession) -> Work:
        """Work in a transaction the caller opened and commits."""
        return Work(session, self.clock.now(), read_model=self.read_model(session))
