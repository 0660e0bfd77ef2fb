"""For /metrics: the depth of the invitation list job queue, waiting and running."""
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.invitations.adapters.tables import jobs


def jobs_probe(sessions: async_sessionmaker[AsyncSession]):
    async def read():
        # A job is running while a worker holds its lease; otherwise it waits (to start, or to be tried again).
        running = and_(jobs.c.worker != "", jobs.c.lease_until > func.now())
        async with sessions() as session:
            counts = dict((await session.execute(
                select(running, func.count()).group_by(running))).all())
        return [("eventcenter_invitation_jobs", {"state": "waiting"}, counts.get(False, 0)),
                ("eventcenter_invitation_jobs", {"state": "running"}, counts.get(True, 0))]
    return read
