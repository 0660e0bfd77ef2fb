"""Reminders that came due, taken under a row lock so that replicas never send the same one."""
import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.notifications.adapters.tables import reminders
from eventcenter.services.notifications.domain.reminders import SCHEDULED


async def take_due(session: AsyncSession, now: datetime.datetime, limit: int) -> list:
    return list(await session.execute(
        select(reminders).where(reminders.c.state == SCHEDULED, reminders.c.due_time <= now)
        .order_by(reminders.c.due_time).limit(limit).with_for_update(skip_locked=True)))


async def settle(session: AsyncSession, event_id: int, offset: str, state: str) -> None:
    await session.execute(update(reminders).where(reminders.c.event_id == event_id, reminders.c.offset == offset)
                          .values(state=state))
