"""Events' worklists, whether their edits are gathered, and how far each participant's edits have been read."""
import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contributions.adapters import revised
from eventcenter.services.contributions.adapters.tables import gather_cursors, gathering, worklists
from eventcenter.services.wiki.worklist import Article


async def replace(session: AsyncSession, event_id: int, articles: list[Article], gather: bool, user_id: int,
                  now: datetime.datetime, expected_revision: int | None = None) -> int | None:
    """The new worklist and switch, and their revision; turning gathering on makes the event due at once. None,
    with nothing written, when `expected_revision` is not the worklist's revision any more. The switch's row is
    written first: a concurrent replace waits on it, then finds the revision moved on."""
    row = dict(enabled=gather, set_by=user_id, update_time=now, next_time=now)
    revision = await revised.write(session, gathering, event_id, row, expected_revision)
    if revision is None:
        return None
    await session.execute(delete(worklists).where(worklists.c.event_id == event_id))
    if articles:
        await session.execute(insert(worklists), [dict(event_id=event_id, wiki=a.wiki, title=a.title)
                                                  for a in articles])
    return revision


async def articles(session: AsyncSession, event_id: int) -> list[Article]:
    rows = await session.execute(select(worklists.c.wiki, worklists.c.title).where(
        worklists.c.event_id == event_id).order_by(worklists.c.wiki, worklists.c.title))
    return [Article(*row) for row in rows]


async def switch(session: AsyncSession, event_id: int):
    """The gathering row (enabled, last_time...); None when the organizers never set a worklist."""
    return (await session.execute(select(gathering).where(gathering.c.event_id == event_id))).first()


async def claim_due(session: AsyncSession, now: datetime.datetime, lease: datetime.timedelta) -> int | None:
    """One event due for gathering, moved `lease` ahead so no other replica takes it meanwhile."""
    due = (select(gathering.c.event_id).where(gathering.c.enabled, gathering.c.next_time <= now)
           .order_by(gathering.c.next_time).limit(1).with_for_update(skip_locked=True).scalar_subquery())
    return await session.scalar(update(gathering).where(gathering.c.event_id == due)
                                .values(next_time=now + lease).returning(gathering.c.event_id))


async def gathered(session: AsyncSession, event_id: int, now: datetime.datetime,
                   next_time: datetime.datetime) -> None:
    await session.execute(update(gathering).where(gathering.c.event_id == event_id)
                          .values(last_time=now, next_time=next_time))


async def read_until(session: AsyncSession, event_id: int, wiki: str) -> dict[int, datetime.datetime]:
    rows = await session.execute(select(gather_cursors.c.user_id, gather_cursors.c.read_until).where(
        gather_cursors.c.event_id == event_id, gather_cursors.c.wiki == wiki))
    return dict(rows.all())


async def advance(session: AsyncSession, event_id: int, wiki: str, user_ids: list[int],
                  until: datetime.datetime) -> None:
    if not user_ids:
        return
    statement = insert(gather_cursors).values([dict(event_id=event_id, wiki=wiki, user_id=user_id,
                                                    read_until=until) for user_id in user_ids])
    await session.execute(statement.on_conflict_do_update(
        index_elements=["event_id", "wiki", "user_id"], set_={"read_until": statement.excluded.read_until}))

