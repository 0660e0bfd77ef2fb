"""Pruning what would otherwise grow forever, on a schedule, in small batches that several replicas share (SKIP
LOCKED): outbox rows some days after they were published (an unpublished row is never touched: it is an event
not yet sent), and consumers' handled message ids once the stream can no longer hand them the same message as
new (its duplicate window, with room to spare). The stream itself keeps messages for a maximum age
(bus.ensure_stream)."""
import datetime

from sqlalchemy import Table, delete, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.loops import WakeableLoop
from eventcenter.services.kernel.settings import ServiceSettings

log = get_logger(__name__)
PRUNE_BATCH = 1000


async def _delete_in_batches(sessions: async_sessionmaker[AsyncSession], table: Table, key: list, condition) -> int:
    total = 0
    while True:
        async with sessions() as session, session.begin():
            chosen = select(*key).where(condition).limit(PRUNE_BATCH).with_for_update(skip_locked=True)
            done = (await session.execute(delete(table).where(tuple_(*key).in_(chosen)))).rowcount
        total += done
        if done < PRUNE_BATCH:
            return total


async def prune_outbox(sessions: async_sessionmaker[AsyncSession], table: Table, keep: datetime.timedelta) -> int:
    """Deletes rows published more than `keep` ago; returns how many."""
    published_long_ago = table.c.publish_time.is_not(None) & (table.c.publish_time < func.now() - keep)
    return await _delete_in_batches(sessions, table, [table.c.seq], published_long_ago)


async def prune_processed(sessions: async_sessionmaker[AsyncSession], table: Table, keep: datetime.timedelta) -> int:
    """Deletes ids of messages handled more than `keep` ago; returns how many."""
    return await _delete_in_batches(sessions, table, [table.c.consumer, table.c.message_id],
                                    table.c.handle_time < func.now() - keep)


def pruning_loop(sessions: async_sessionmaker[AsyncSession], settings: ServiceSettings, outbox: Table | None = None,
                 processed: Table | None = None) -> WakeableLoop:
    """A service's pruner: its outbox and its processed-message ids, those it has."""
    async def round_() -> None:
        if outbox is not None and (
                count := await prune_outbox(sessions, outbox, datetime.timedelta(days=settings.outbox_retention_days))):
            log.info("outbox_pruned", rows=count)
        if processed is not None:
            keep = datetime.timedelta(hours=settings.processed_retention_hours)
            if count := await prune_processed(sessions, processed, keep):
                log.info("processed_messages_pruned", rows=count)
    return WakeableLoop("pruning", settings.prune_interval_seconds, round_)
