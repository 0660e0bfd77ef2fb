"""SQL for wrong passcode tries; the caller owns the transaction (and holds the person's row lock)."""
import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.registration.adapters.tables import passcode_tries


def _person(event_id: int, user_id: int):
    return passcode_tries.c.event_id == event_id, passcode_tries.c.user_id == user_id


async def recent_wrong(session: AsyncSession, event_id: int, user_id: int, since: datetime.datetime,
                       limit: int) -> list[datetime.datetime]:
    """The times of the person's newest wrong tries at the event since `since`, newest first."""
    query = (select(passcode_tries.c.try_time).where(*_person(event_id, user_id), passcode_tries.c.try_time > since)
             .order_by(passcode_tries.c.try_time.desc()).limit(limit))
    return list((await session.execute(query)).scalars())


async def record_wrong(session: AsyncSession, event_id: int, user_id: int, now: datetime.datetime,
                       forget_before: datetime.datetime) -> None:
    """Writes a wrong try, and drops the person's tries there that no longer count."""
    await session.execute(delete(passcode_tries).where(*_person(event_id, user_id),
                                                       passcode_tries.c.try_time <= forget_before))
    await session.execute(insert(passcode_tries).values(event_id=event_id, user_id=user_id, try_time=now))
