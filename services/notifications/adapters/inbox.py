"""The in-app inbox: a person's items, newest first, and which of them are read."""
import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.notifications.adapters.tables import inbox_items, messages


async def page(session: AsyncSession, user_id: int, after_id: int, size: int, unread_only: bool) -> list:
    query = (select(inbox_items.c.id, inbox_items.c.create_time, inbox_items.c.read_time, messages.c.kind,
                    messages.c.event_id, messages.c.content)
             .join(messages, messages.c.id == inbox_items.c.message_id)
             .where(inbox_items.c.user_id == user_id).order_by(inbox_items.c.id.desc()).limit(size))
    if after_id:
        query = query.where(inbox_items.c.id < after_id)
    if unread_only:
        query = query.where(inbox_items.c.read_time.is_(None))
    return list(await session.execute(query))


async def unread_count(session: AsyncSession, user_id: int) -> int:
    return (await session.execute(select(func.count()).select_from(inbox_items).where(
        inbox_items.c.user_id == user_id, inbox_items.c.read_time.is_(None)))).scalar_one()


async def mark_read(session: AsyncSession, user_id: int, ids: list[int] | None, now: datetime.datetime) -> int:
    """Marks the caller's own items (others' ids are ignored); `ids` None means all of them."""
    statement = update(inbox_items).where(inbox_items.c.user_id == user_id, inbox_items.c.read_time.is_(None))
    if ids is not None:
        statement = statement.where(inbox_items.c.id.in_(ids))
    return (await session.execute(statement.values(read_time=now))).rowcount
