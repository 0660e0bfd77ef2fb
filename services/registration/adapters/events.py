"""SQL for events, counters and organizers; the caller owns the transaction."""
import datetime

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.registration.adapters.tables import event_counters, events, organizers, users
from eventcenter.services.registration.domain.event import EventFields

FIELD_COLUMNS = (
    "page_wiki", "page_title", "status", "timezone", "start_local", "end_local", "types", "participation",
    "meeting_url", "country_code", "address", "chat_url", "wikis", "all_wikis", "topics", "test_event",
    "tracks_contributions", "question_ids", "participant_limit", "passcode", "description",
)
TUPLE_FIELDS = ("types", "wikis", "topics", "question_ids")


def fields_of(row: Row) -> EventFields:
    values = {c: getattr(row, c) for c in FIELD_COLUMNS}
    for name in TUPLE_FIELDS:
        values[name] = tuple(values[name])
    return EventFields(**values)


def _columns_of(fields: EventFields) -> dict:
    values = {c: getattr(fields, c) for c in FIELD_COLUMNS}
    for name in TUPLE_FIELDS:
        values[name] = list(values[name])
    return {**values, "name": fields.name, "start_utc": fields.start_utc(), "end_utc": fields.end_utc()}


async def get_event(session: AsyncSession, event_id: int, lock: bool = False) -> Row | None:
    """`lock`: FOR NO KEY UPDATE, as an UPDATE of the row takes: registrations (their rows' key share on the
    event) go on meanwhile, other changes of the event wait."""
    query = select(events).where(events.c.id == event_id)
    return (await session.execute(query.with_for_update(key_share=True) if lock else query)).first()


async def event_by_page(session: AsyncSession, wiki: str, title: str) -> Row | None:
    """The event that holds the page: live, or deleted and not freed."""
    query = select(events).where(events.c.page_wiki == wiki, events.c.page_title == title,
                                 events.c.page_free_time.is_(None))
    return (await session.execute(query)).first()


async def event_by_request(session: AsyncSession, creator: int, request_id: str) -> Row | None:
    query = select(events).where(events.c.creator_user_id == creator, events.c.create_request_id == request_id)
    return (await session.execute(query)).first()


async def insert_event(session: AsyncSession, fields: EventFields, creator: int, request_id: str | None) -> Row:
    row = (
        await session.execute(
            insert(events)
            .values(**_columns_of(fields), creator_user_id=creator, create_request_id=request_id or None)
            .returning(events)
        )
    ).one()
    await session.execute(insert(event_counters).values(event_id=row.id))
    return row


async def update_event(session: AsyncSession, event_id: int, fields: EventFields) -> Row:
    query = (
        update(events).where(events.c.id == event_id)
        .values(**_columns_of(fields), revision=events.c.revision + 1, update_time=func.now())
        .returning(events)
    )
    return (await session.execute(query)).one()


async def touch_event(session: AsyncSession, event_id: int) -> Row:
    """A change of the event beyond its own fields (its organizers): a new revision, so that updates made from the
    older one are refused and consumers of the stream keep the newest copy."""
    query = (
        update(events).where(events.c.id == event_id)
        .values(revision=events.c.revision + 1, update_time=func.now())
        .returning(events)
    )
    return (await session.execute(query)).one()


async def soft_delete_event(session: AsyncSession, event_id: int) -> Row:
    query = (
        update(events).where(events.c.id == event_id)
        .values(delete_time=func.now(), revision=events.c.revision + 1, update_time=func.now())
        .returning(events)
    )
    return (await session.execute(query)).one()


async def counters(session: AsyncSession, event_id: int, lock: bool = False) -> Row:
    query = select(event_counters).where(event_counters.c.event_id == event_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).one()


async def change_counters(session: AsyncSession, event_id: int, **deltas: int) -> Row:
    values = {name: getattr(event_counters.c, name) + delta for name, delta in deltas.items()}
    query = (
        update(event_counters).where(event_counters.c.event_id == event_id)
        .values(**values, revision=event_counters.c.revision + 1)
        .returning(event_counters)
    )
    return (await session.execute(query)).one()


async def active_organizers(session: AsyncSession, event_id: int) -> list[Row]:
    query = (
        select(organizers, users.c.name)
        .join(users, users.c.user_id == organizers.c.user_id)
        .where(organizers.c.event_id == event_id, organizers.c.delete_time.is_(None))
        .order_by(organizers.c.role != "creator", organizers.c.create_time, organizers.c.user_id)
    )
    return list((await session.execute(query)).all())


async def add_organizer(session: AsyncSession, event_id: int, user_id: int, role: str,
                        policy_accept_time: datetime.datetime | None = None) -> None:
    """Adds, or restores a softly removed organizer with their earlier role and acceptance."""
    statement = pg_insert(organizers).values(
        event_id=event_id, user_id=user_id, role=role, policy_accept_time=policy_accept_time
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["event_id", "user_id"], set_={"delete_time": None}
        )
    )


async def remove_organizer(session: AsyncSession, event_id: int, user_id: int) -> None:
    await session.execute(
        update(organizers).where(organizers.c.event_id == event_id, organizers.c.user_id == user_id)
        .values(delete_time=func.now())
    )


async def accept_policy(session: AsyncSession, event_id: int, user_id: int) -> None:
    await session.execute(
        update(organizers).where(organizers.c.event_id == event_id, organizers.c.user_id == user_id)
        .values(policy_accept_time=func.coalesce(organizers.c.policy_accept_time, func.now()))
    )


async def events_organized_by(session: AsyncSession, user_id: int, limit: int,
                              include_deleted: bool = False) -> list[Row]:
    query = (select(events).join(organizers, organizers.c.event_id == events.c.id)
             .where(organizers.c.user_id == user_id, organizers.c.delete_time.is_(None)))
    if not include_deleted:
        query = query.where(events.c.delete_time.is_(None))
    query = query.order_by(events.c.start_utc.desc(), events.c.id.desc()).limit(limit)
    return list((await session.execute(query)).all())
