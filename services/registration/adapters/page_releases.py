"""SQL for freeing deleted events' pages and the record of it; the caller owns the transaction."""
import datetime

from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.registration.adapters.tables import events, page_releases


async def event_to_free(session: AsyncSession, event_id: int) -> Row | None:
    """The event, locked: two admins freeing its page at once record it once."""
    query = select(events).where(events.c.id == event_id).with_for_update()
    return (await session.execute(query)).first()


async def release_of(session: AsyncSession, event_id: int) -> Row | None:
    return (await session.execute(select(page_releases).where(page_releases.c.event_id == event_id))).first()


async def free_page(session: AsyncSession, event_row: Row, admin_user_id: int, admin_name: str,
                    now: datetime.datetime) -> Row:
    """Frees the page (the event keeps it for the record) and records who did it, when."""
    await session.execute(update(events).where(events.c.id == event_row.id).values(page_free_time=now))
    query = insert(page_releases).values(
        event_id=event_row.id, page_wiki=event_row.page_wiki, page_title=event_row.page_title,
        admin_user_id=admin_user_id, admin_name=admin_name, free_time=now).returning(page_releases)
    return (await session.execute(query)).one()
