"""SQL for campaigns, programs, their coordinators, and events' program; the caller owns the transaction."""
from sqlalchemy import Row, Table, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.registration.adapters.tables import (
    campaign_coordinators,
    campaigns,
    events,
    program_coordinators,
    program_withdrawals,
    programs,
    users,
)
from eventcenter.services.registration.domain.campaigns import PlanFields


def _columns_of(fields: PlanFields) -> dict:
    return {"name": fields.name, "description": fields.description,
            "start_date": fields.start(), "end_date": fields.end()}


def fields_of(row: Row) -> PlanFields:
    return PlanFields(row.name, row.description, row.start_date.isoformat(), row.end_date.isoformat())


async def insert_campaign(session: AsyncSession, fields: PlanFields, creator: int) -> Row:
    query = insert(campaigns).values(**_columns_of(fields), creator_user_id=creator).returning(campaigns)
    return (await session.execute(query)).one()


async def insert_program(session: AsyncSession, campaign_id: int, fields: PlanFields, creator: int) -> Row:
    query = (insert(programs).values(**_columns_of(fields), campaign_id=campaign_id, creator_user_id=creator)
             .returning(programs))
    return (await session.execute(query)).one()


async def get_campaign(session: AsyncSession, campaign_id: int, lock: bool = False) -> Row | None:
    query = select(campaigns).where(campaigns.c.id == campaign_id)
    return (await session.execute(query.with_for_update() if lock else query)).first()


async def get_program(session: AsyncSession, program_id: int, lock: bool = False) -> Row | None:
    query = select(programs).where(programs.c.id == program_id)
    return (await session.execute(query.with_for_update() if lock else query)).first()


async def update_plan(session: AsyncSession, table: Table, row_id: int, fields: PlanFields) -> Row:
    query = (update(table).where(table.c.id == row_id)
             .values(**_columns_of(fields), revision=table.c.revision + 1, update_time=func.now()).returning(table))
    return (await session.execute(query)).one()


async def list_campaigns(session: AsyncSession, before_id: int, limit: int) -> list[Row]:
    """Newest first; before_id 0 starts at the newest."""
    query = select(campaigns).order_by(campaigns.c.id.desc()).limit(limit)
    if before_id:
        query = query.where(campaigns.c.id < before_id)
    return list((await session.execute(query)).all())


async def list_programs(session: AsyncSession, campaign_id: int, after_id: int, limit: int) -> list[Row]:
    query = (select(programs).where(programs.c.campaign_id == campaign_id, programs.c.id > after_id)
             .order_by(programs.c.id).limit(limit))
    return list((await session.execute(query)).all())


def _live_program_events(program_id: int):
    return (events.c.program_id == program_id, events.c.delete_time.is_(None), events.c.test_event.is_(False))


async def program_events(session: AsyncSession, program_id: int, after_id: int, limit: int) -> list[Row]:
    query = (select(events).where(*_live_program_events(program_id), events.c.id > after_id)
             .order_by(events.c.id).limit(limit))
    return list((await session.execute(query)).all())


async def count_program_events(session: AsyncSession, program_id: int) -> int:
    query = select(func.count()).select_from(events).where(*_live_program_events(program_id))
    return (await session.execute(query)).scalar_one()


async def count_programs(session: AsyncSession, campaign_id: int) -> int:
    query = select(func.count()).select_from(programs).where(programs.c.campaign_id == campaign_id)
    return (await session.execute(query)).scalar_one()


def _coordinator_table(kind: str) -> tuple[Table, str]:
    return (campaign_coordinators, "campaign_id") if kind == "campaign" else (program_coordinators, "program_id")


async def coordinators(session: AsyncSession, kind: str, owner_id: int) -> list[Row]:
    """kind: "campaign" or "program". Rows with user_id and name, creator first."""
    table, owner = _coordinator_table(kind)
    query = (select(table.c.user_id, users.c.name).join(users, users.c.user_id == table.c.user_id)
             .where(table.c[owner] == owner_id).order_by(table.c.position, table.c.user_id))
    return list((await session.execute(query)).all())


async def replace_coordinators(session: AsyncSession, kind: str, owner_id: int, user_ids: list[int]) -> None:
    table, owner = _coordinator_table(kind)
    await session.execute(delete(table).where(table.c[owner] == owner_id))
    await session.execute(insert(table), [{owner: owner_id, "user_id": u, "position": i}
                                          for i, u in enumerate(user_ids)])


async def set_event_program(session: AsyncSession, event_id: int, program_id: int | None) -> Row:
    query = (update(events).where(events.c.id == event_id)
             .values(program_id=program_id, revision=events.c.revision + 1, update_time=func.now())
             .returning(events))
    return (await session.execute(query)).one()


async def withdrawn_by_organizers(session: AsyncSession, event_id: int, program_id: int) -> bool:
    query = select(program_withdrawals.c.event_id).where(program_withdrawals.c.event_id == event_id,
                                                         program_withdrawals.c.program_id == program_id)
    return (await session.execute(query)).first() is not None


async def record_withdrawal(session: AsyncSession, event_id: int, program_id: int, user_id: int) -> None:
    query = pg_insert(program_withdrawals).values(event_id=event_id, program_id=program_id, user_id=user_id)
    await session.execute(query.on_conflict_do_update(
        index_elements=["event_id", "program_id"], set_={"user_id": user_id, "withdraw_time": func.now()}))


async def forget_withdrawal(session: AsyncSession, event_id: int, program_id: int) -> None:
    await session.execute(delete(program_withdrawals).where(program_withdrawals.c.event_id == event_id,
                                                            program_withdrawals.c.program_id == program_id))
