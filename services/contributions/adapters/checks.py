"""The single row that schedules the check of associated revisions against their wikis (claimed like a job)."""
import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contributions.adapters.tables import checks

REVISIONS = "revisions"


async def claim(session: AsyncSession, now: datetime.datetime, lease: datetime.timedelta) -> int | None:
    """Where the last pass stopped, when a pass is due and no other replica runs one; moved `lease` ahead."""
    await session.execute(insert(checks).values(name=REVISIONS, after_id=0, next_time=now)
                          .on_conflict_do_nothing(index_elements=["name"]))
    row = (await session.execute(select(checks).where(checks.c.name == REVISIONS, checks.c.next_time <= now)
                                 .with_for_update(skip_locked=True))).first()
    if row is None:
        return None
    await session.execute(update(checks).where(checks.c.name == REVISIONS).values(next_time=now + lease))
    return row.after_id


async def done(session: AsyncSession, after_id: int, next_time: datetime.datetime) -> None:
    await session.execute(update(checks).where(checks.c.name == REVISIONS)
                          .values(after_id=after_id, next_time=next_time))
