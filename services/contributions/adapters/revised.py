"""Rows the organizers replace whole (an event's goal, its worklist's switch), kept with a revision: each write is
the next one, and a write made from a revision names it, compared in the statement that writes."""
from sqlalchemy import Table, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


async def write(session: AsyncSession, table: Table, event_id: int, row: dict, expected: int | None) -> int | None:
    """The event's row as its next revision, returned; None when `expected` (0: no row yet) is not the row's
    revision any more. Two writers from one revision never both succeed: the second waits on the first's row (or
    its insert), then finds the revision moved on."""
    if expected is None:
        statement = insert(table).values(event_id=event_id, revision=1, **row)
        statement = statement.on_conflict_do_update(index_elements=["event_id"],
                                                    set_={**row, "revision": table.c.revision + 1})
    elif expected == 0:
        statement = insert(table).values(event_id=event_id, revision=1, **row).on_conflict_do_nothing(
            index_elements=["event_id"])
    else:
        statement = (update(table).where(table.c.event_id == event_id, table.c.revision == expected)
                     .values(**row, revision=table.c.revision + 1))
    return await session.scalar(statement.returning(table.c.revision))


async def revision(session: AsyncSession, table: Table, event_id: int) -> int:
    """The row's revision, 0 when the organizers never wrote one."""
    return await session.scalar(select(table.c.revision).where(table.c.event_id == event_id)) or 0
