"""Records mail the SMTP server accepted, by group commit: under load one transaction marks every delivery
that finished while the previous one was committing; alone, a delivery is marked at once. The time between
the server's "250 OK" and the mark (the only moment a crash can make a repeat) stays a few milliseconds."""
import asyncio
import datetime
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel.compiled import pooled_driver
from eventcenter.services.notifications.adapters import deliveries


class SentLog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], now: Callable[[], datetime.datetime]) -> None:
        self.sessions = sessions
        self.now = now
        self.waiting: list[int] = []
        self.committing = asyncio.Lock()

    async def record(self, delivery_id: int) -> None:
        """Returns once the delivery is marked sent (by this call or by the one that took it along)."""
        self.waiting.append(delivery_id)
        await self.flush()

    async def flush(self) -> None:
        """Marks whatever waits to be marked, such as mail accepted while the database was away (raises, keeping
        it, while it still is). The worker calls this before claiming again: a claim that lapsed meanwhile
        would otherwise be taken and the accepted mail sent a second time."""
        async with self.committing:
            if not self.waiting:
                return  # the previous commit took it along
            ids, self.waiting = self.waiting, []
            try:
                async with pooled_driver(self.sessions) as connection:
                    await deliveries.mark_sent(connection, ids, self.now())
            except Exception:
                self.waiting[:0] = ids  # the next commit tries them again
                raise
