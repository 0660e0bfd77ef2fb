"""The service's copy of people's standings, on its user_standings table (the kernel's shared statements)."""
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import events_pb2
from eventcenter.services.invitations.adapters.tables import user_standings
from eventcenter.services.kernel import standings
from eventcenter.services.kernel.identity import Standing


class SqlStandings:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def keep(self, change: events_pb2.UserStandingChanged) -> None:
        await standings.keep(self.session, user_standings, change)

    async def of(self, user_id: int) -> Standing | None:
        return await standings.standing_of(self.session, user_standings, user_id)
