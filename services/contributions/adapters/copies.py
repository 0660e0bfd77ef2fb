"""This service's copy of events, their organizers and their participants, kept from the registration stream.
Each copy is written only over an older one (event revision, registration revision), so events arriving out of
order or twice leave the newest."""
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.contracts.stream_events import utc
from eventcenter.services.contributions.adapters.tables import events, participants
from eventcenter.services.contributions.domain.rules import Author, EventFacts
from eventcenter.services.kernel.compiled import Compiled, driver_connection, upsert
from eventcenter.services.kernel.consumer import kept_in_transaction


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


async def keep_participants(session: AsyncSession, event_id: int, people: list[pb.Participant],
                            removed: bool = False) -> None:
    """Stores these copies of registrations unless newer ones are kept. Cancelled or removed (`removed`), a
    registration is kept as removed with its revision, which an older copy of it cannot undo."""
    await KEEP_PARTICIPANT.executemany(await driver_connection(session), [
        dict(event_id=event_id, user_id=p.user_id, user_name=p.user_name, private=p.private, removed=removed,
             active=not removed and p.state != pb.REGISTRATION_STATE_WAITLISTED, revision=p.revision)
        for p in people])


KEEP_EVENT = Compiled(upsert(events, ["id"], ("revision", "wikis", "all_wikis", "start_utc", "end_utc",
                                              "tracks_contributions", "deleted"), newer_by="revision")
                      .returning(events.c.id))
KEEP_PARTICIPANT = Compiled(upsert(participants, ["event_id", "user_id"],
                                   ("user_name", "private", "active", "removed", "revision"), newer_by="revision"))


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
