"""This service's copy of events, their organizers and their participants, kept from the registration stream."""
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contributions.adapters.tables import events, participants
from eventcenter.services.contributions.domain.rules import Author, EventFacts
from eventcenter.services.kernel.compiled import Compiled, driver_connection, upsert
from eventcenter.services.kernel.consumer import kept_in_transaction
from eventcenter.services.kernel.registration_events import utc


async def keep_event(session: AsyncSession, event: pb.Event, organizer_ids: list[int] | None,
                     organizer_names: list[str] | None = None) -> bool:
    """Stores the newest copy; False when this copy is older than the one kept (nothing changed)."""
    row = dict(id=event.id, revision=event.revision, wikis=list(event.wikis), all_wikis=event.all_wikis,
               start_utc=utc(event.start_time), end_utc=utc(event.end_time),
               tracks_contributions=event.tracks_contributions, deleted=event.HasField("delete_time"))
    if organizer_ids is None and organizer_names is None:  # every registration's copy: the compiled statement
        if kept_in_transaction(session, "contributions-events", event.id, event.revision):
            return True  # this batch stored this copy already
        return await KEEP_EVENT.fetchval(await driver_connection(session), **row) is not None
    if organizer_ids is not None:
        row["organizer_ids"] = organizer_ids
    if organizer_names is not None:
        row["organizer_names"] = organizer_names
    statement = insert(events).values(**row)
    kept = (await session.execute(statement.on_conflict_do_update(
        index_elements=["id"], set_={k: v for k, v in row.items() if k != "id"},
        where=events.c.revision <= statement.excluded.revision).returning(events.c.id))).first()
    return kept is not None


async def set_participant(session: AsyncSession, event_id: int, participant: pb.Participant) -> None:
    await SET_PARTICIPANT.execute(await driver_connection(session), event_id=event_id, user_id=participant.user_id,
                                  user_name=participant.user_name, private=participant.private,
                                  active=participant.state != pb.REGISTRATION_STATE_WAITLISTED)


KEEP_EVENT = Compiled(upsert(events, ["id"], ("revision", "wikis", "all_wikis", "start_utc", "end_utc",
                                              "tracks_contributions", "deleted"), newer_by="revision")
                      .returning(events.c.id))
SET_PARTICIPANT = Compiled(upsert(participants, ["event_id", "user_id"], ("user_name", "private", "active")))


async def set_active(session: AsyncSession, event_id: int, user_id: int) -> None:
    await session.execute(update(participants).where(participants.c.event_id == event_id,
                                                     participants.c.user_id == user_id).values(active=True))


async def drop_participants(session: AsyncSession, event_id: int, user_ids: list[int]) -> None:
    await session.execute(delete(participants).where(participants.c.event_id == event_id,
                                                     participants.c.user_id.in_(user_ids)))


async def event_facts(session: AsyncSession, event_id: int) -> EventFacts | None:
    row = (await session.execute(select(events).where(events.c.id == event_id))).first()
    if row is None:
        return None
    return EventFacts(row.id, tuple(row.wikis), row.all_wikis, row.start_utc, row.end_utc, row.tracks_contributions,
                      row.deleted, frozenset(row.organizer_ids))


async def active_participant(session: AsyncSession, event_id: int, user_name: str) -> Author | None:
    row = (await session.execute(select(participants).where(
        participants.c.event_id == event_id, participants.c.user_name == user_name,
        participants.c.active))).first()
    return Author(row.user_id, row.user_name, row.private) if row else None


async def active_participants(session: AsyncSession, event_id: int) -> list[Author]:
    rows = await session.execute(select(participants.c.user_id, participants.c.user_name, participants.c.private)
                                 .where(participants.c.event_id == event_id, participants.c.active)
                                 .order_by(participants.c.user_id))
    return [Author(*row) for row in rows]


async def active_count(session: AsyncSession, event_id: int) -> int:
    return await session.scalar(select(func.count()).select_from(participants).where(
        participants.c.event_id == event_id, participants.c.active))


async def active_ids(session: AsyncSession, event_id: int) -> frozenset[int]:
    return frozenset((await session.scalars(select(participants.c.user_id).where(
        participants.c.event_id == event_id, participants.c.active))).all())


async def organizer_names(session: AsyncSession, event_id: int) -> list[str]:
    return list(await session.scalar(select(events.c.organizer_names).where(events.c.id == event_id)) or [])


async def public_participant_names(session: AsyncSession, event_id: int) -> list[str]:
    """The Dashboard's list: the active (not waitlisted) participants registered publicly, by name."""
    return list((await session.scalars(select(participants.c.user_name).where(
        participants.c.event_id == event_id, participants.c.active, participants.c.private.is_(False))
        .order_by(participants.c.user_name))).all())
