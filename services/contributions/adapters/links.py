"""Events' links with Dashboard courses and the state of their sync."""
import datetime

from sqlalchemy import BigInteger, bindparam, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contributions.adapters.tables import dashboard_links
from eventcenter.services.kernel.compiled import Compiled, driver_connection
from eventcenter.services.kernel.consumer import kept_in_transaction


async def get(session: AsyncSession, event_id: int):
    return (await session.execute(select(dashboard_links).where(dashboard_links.c.event_id == event_id))).first()


async def add(session: AsyncSession, event_id: int, dashboard_url: str, course_slug: str, secret: str,
              linked_by: int, now: datetime.datetime, held_until: datetime.datetime) -> bool:
    """False when the event was linked meanwhile. The new link is claimed (see `claim`) until `held_until`, for the
    caller's first send."""
    statement = insert(dashboard_links).values(
        event_id=event_id, dashboard_url=dashboard_url, course_slug=course_slug, secret=secret, linked_by=linked_by,
        create_time=now, change_version=1, synced_version=0, next_attempt_time=held_until,
    ).on_conflict_do_nothing(index_elements=["event_id"])
    return (await session.execute(statement)).rowcount == 1


async def remove(session: AsyncSession, event_id: int) -> None:
    await session.execute(delete(dashboard_links).where(dashboard_links.c.event_id == event_id))


async def participants_changed(session: AsyncSession, event_id: int) -> bool:
    """Marks the link (if any) as having a new list to send, to be sent now; True when the event is linked and
    this transaction had not marked it yet (a batch of registrations marks it once)."""
    if kept_in_transaction(session, "dashboard-participants-changed", event_id, 0):
        return False
    return await PARTICIPANTS_CHANGED.fetchval(await driver_connection(session), event_id=event_id) is not None


PARTICIPANTS_CHANGED = Compiled(
    update(dashboard_links).where(dashboard_links.c.event_id == bindparam("event_id", type_=BigInteger))
    .values(change_version=dashboard_links.c.change_version + 1, next_attempt_time=None)
    .returning(dashboard_links.c.event_id))


async def unsync_requested(session: AsyncSession, event_id: int) -> bool:
    result = await session.execute(update(dashboard_links).where(dashboard_links.c.event_id == event_id).values(
        unsync_requested=True, change_version=dashboard_links.c.change_version + 1, next_attempt_time=None))
    return result.rowcount > 0


def _pending(now: datetime.datetime):
    """Something to send, and its next try has come (no try in flight, or one whose lease ran out)."""
    return (or_(dashboard_links.c.change_version > dashboard_links.c.synced_version,
                dashboard_links.c.unsync_requested),
            or_(dashboard_links.c.next_attempt_time.is_(None), dashboard_links.c.next_attempt_time <= now))


async def claim(session: AsyncSession, event_id: int, now: datetime.datetime, lease_until: datetime.datetime):
    """The link, when it has something to send and no one is sending it; it is then held until `lease_until` (or
    until the result is recorded), so the loop and an organizer's call, or two replicas, don't send it twice."""
    return (await session.execute(update(dashboard_links)
                                  .where(dashboard_links.c.event_id == event_id, *_pending(now))
                                  .values(next_attempt_time=lease_until)
                                  .returning(*dashboard_links.c))).first()


async def due(session: AsyncSession, now: datetime.datetime, limit: int = 50) -> list[int]:
    """Links with something to send whose next try has come."""
    return list((await session.scalars(
        select(dashboard_links.c.event_id).where(*_pending(now))
        .order_by(dashboard_links.c.next_attempt_time.nulls_first(), dashboard_links.c.event_id)
        .limit(limit))).all())


async def synced(session: AsyncSession, event_id: int, version: int, now: datetime.datetime) -> None:
    """The Dashboard accepted the list of `version` (a later change stays pending)."""
    await session.execute(update(dashboard_links).where(dashboard_links.c.event_id == event_id).values(
        synced_version=version, last_sync_time=now, last_error_code=None, attempts=0, next_attempt_time=None))


async def failed(session: AsyncSession, event_id: int, code: str, next_attempt: datetime.datetime | None,
                 version: int | None) -> None:
    """Records the failure; with next_attempt, tried again then; without, given up until the next change
    (`version` marked as handled: the Dashboard refused it and would refuse it again)."""
    values = dict(last_error_code=code, attempts=dashboard_links.c.attempts + 1, next_attempt_time=next_attempt)
    if version is not None:
        values["synced_version"] = version
    await session.execute(update(dashboard_links).where(dashboard_links.c.event_id == event_id).values(**values))
