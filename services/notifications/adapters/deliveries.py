"""The delivery queue and log: claiming due mail (several workers never take the same), recording each
outcome, and reading the log."""
import datetime
from types import SimpleNamespace

import asyncpg
from sqlalchemy import BigInteger, DateTime, Integer, and_, bindparam, func, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.kernel.compiled import Compiled
from eventcenter.services.notifications.adapters.tables import DEAD, PENDING, SENDING, SENT, deliveries, messages


def _claim_statement() -> Compiled:
    due = (select(deliveries.c.id)
           .where(or_(deliveries.c.state == PENDING, deliveries.c.state == SENDING),
                  deliveries.c.next_attempt_time <= bindparam("now", type_=DateTime(timezone=True)))
           .order_by(deliveries.c.next_attempt_time, deliveries.c.id).limit(bindparam("limit", type_=Integer))
           .with_for_update(skip_locked=True).cte("due"))
    return Compiled(update(deliveries).where(deliveries.c.id == due.c.id)
                    .values(state=SENDING, attempts=deliveries.c.attempts + 1,
                            next_attempt_time=bindparam("until", type_=DateTime(timezone=True)))
                    .returning(deliveries.c.id, deliveries.c.message_id, deliveries.c.user_id, deliveries.c.address,
                               deliveries.c.language, deliveries.c.attempts, deliveries.c.next_attempt_time))


_IDS = bindparam("ids", type_=ARRAY(BigInteger))
CLAIM = _claim_statement()
MESSAGES_BY_ID = Compiled(select(messages).where(messages.c.id == func.any(_IDS)))
MARK_SENT = Compiled(update(deliveries).where(deliveries.c.id == func.any(_IDS), deliveries.c.state == SENDING)
                     .values(state=SENT, sent_time=bindparam("now", type_=DateTime(timezone=True)), last_error=""))


# The worker's statements run on the driver, each on its own (one statement needs no transaction around it):
# they are most of what each mail costs the database and this service besides the mail itself.
async def claim(connection: asyncpg.Connection, limit: int, now: datetime.datetime,
                lease: datetime.timedelta) -> list:
    """Due deliveries, marked as being sent until `now + lease`. A claim whose worker stopped lapses then,
    and the delivery is due again."""
    return [SimpleNamespace(**row) for row in await CLAIM.fetch(connection, limit=limit, now=now, until=now + lease)]


async def message(session: AsyncSession, message_id: int):
    return (await session.execute(select(messages).where(messages.c.id == message_id))).first()


async def messages_by_id(connection: asyncpg.Connection, message_ids: set[int]) -> dict:
    return {row["id"]: SimpleNamespace(**row) for row in await MESSAGES_BY_ID.fetch(connection, ids=list(message_ids))}


async def mark_sent(connection: asyncpg.Connection, delivery_ids: list[int], now: datetime.datetime) -> None:
    await MARK_SENT.execute(connection, ids=delivery_ids, now=now)


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
