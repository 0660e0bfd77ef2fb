"""The delivery queue and log: claiming due mail (several workers never take the same), recording each
outcome, and reading the log."""
import datetime

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.notifications.adapters.tables import DEAD, PENDING, SENDING, SENT, deliveries, messages


async def claim(session: AsyncSession, limit: int, now: datetime.datetime, lease: datetime.timedelta) -> list:
    """Due deliveries, marked as being sent until `now + lease`. A claim whose worker stopped lapses then,
    and the delivery is due again."""
    due = (select(deliveries.c.id).where(deliveries.c.state.in_((PENDING, SENDING)),
                                          deliveries.c.next_attempt_time <= now)
           .order_by(deliveries.c.next_attempt_time, deliveries.c.id).limit(limit)
           .with_for_update(skip_locked=True).cte("due"))
    claimed = (update(deliveries).where(deliveries.c.id == due.c.id)
               .values(state=SENDING, attempts=deliveries.c.attempts + 1, next_attempt_time=now + lease)
               .returning(deliveries.c.id, deliveries.c.message_id, deliveries.c.user_id, deliveries.c.address,
                          deliveries.c.language, deliveries.c.attempts, deliveries.c.next_attempt_time))
    return list(await session.execute(claimed))


async def message(session: AsyncSession, message_id: int):
    return (await session.execute(select(messages).where(messages.c.id == message_id))).first()


async def messages_by_id(session: AsyncSession, message_ids: set[int]) -> dict:
    return {row.id: row for row in await session.execute(select(messages).where(messages.c.id.in_(message_ids)))}


async def mark_sent(session: AsyncSession, delivery_ids: list[int], now: datetime.datetime) -> None:
    await session.execute(update(deliveries).where(deliveries.c.id.in_(delivery_ids), deliveries.c.state == SENDING)
                          .values(state=SENT, sent_time=now, last_error=""))


async def release(session: AsyncSession, delivery_id: int, now: datetime.datetime) -> None:
    """Gives a claim back unused: due at once, and the attempt it counted never happened."""
    await session.execute(update(deliveries).where(deliveries.c.id == delivery_id, deliveries.c.state == SENDING)
                          .values(state=PENDING, next_attempt_time=now, attempts=deliveries.c.attempts - 1))


async def mark_failed(session: AsyncSession, delivery_id: int, error: str,
                      retry_at: datetime.datetime | None) -> None:
    """Pending again from `retry_at`, or dead when there is no next attempt."""
    values = dict(state=PENDING, next_attempt_time=retry_at) if retry_at else dict(state=DEAD)
    await session.execute(update(deliveries).where(deliveries.c.id == delivery_id, deliveries.c.state == SENDING)
                          .values(last_error=error[:500], **values))


async def log_page(session: AsyncSession, state: str, user_id: int, event_id: int, after_id: int, size: int) -> list:
    """Newest first, from below `after_id` (0: from the newest)."""
    query = (select(deliveries, messages.c.key, messages.c.kind, messages.c.event_id)
             .join(messages, messages.c.id == deliveries.c.message_id)
             .order_by(deliveries.c.id.desc()).limit(size))
    conditions = [deliveries.c.state == state if state else None,
                  deliveries.c.user_id == user_id if user_id else None,
                  messages.c.event_id == event_id if event_id else None,
                  deliveries.c.id < after_id if after_id else None]
    conditions = [c for c in conditions if c is not None]
    return list(await session.execute(query.where(and_(*conditions)) if conditions else query))


async def state_counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(deliveries.c.state, func.count()).group_by(deliveries.c.state))
    return {state: count for state, count in rows}
