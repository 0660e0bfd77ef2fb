"""For /metrics: mail deliveries by state (dead letters are the ones to alert on)."""
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.notifications.adapters.tables import DEAD, PENDING, SENDING, SENT, deliveries


def deliveries_probe(sessions: async_sessionmaker[AsyncSession]):
    async def read():
        async with sessions() as session:
            counts = dict((await session.execute(
                select(deliveries.c.state, func.count()).group_by(deliveries.c.state))).all())
        # Every state is reported, zero too, so that alerts see a series rather than none.
        return [("eventcenter_notification_deliveries", {"state": state}, counts.get(state, 0))
                for state in sorted({PENDING, SENDING, SENT, DEAD, *counts})]
    return read
