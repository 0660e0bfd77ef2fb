"""Storage of organizers' messages: recording one, and counting a sender's recent ones."""
import datetime
import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.registration.adapters.tables import organizer_messages


async def sent_since(session: AsyncSession, sender_user_id: int, since: datetime.datetime):
    """How many the sender sent since then, and the oldest of them."""
    query = select(func.count(), func.min(organizer_messages.c.send_time)).where(
        organizer_messages.c.sender_user_id == sender_user_id, organizer_messages.c.send_time > since)
    return (await session.execute(query)).one()


async def record(session: AsyncSession, event_id: int, sender_user_id: int, subject: str, message: str,
                 recipient_count: int, now: datetime.datetime) -> uuid.UUID:
    message_id = uuid.uuid4()
    await session.execute(insert(organizer_messages).values(
        id=message_id, event_id=event_id, sender_user_id=sender_user_id, subject=subject, message=message,
        recipient_count=recipient_count, send_time=now))
    return message_id
