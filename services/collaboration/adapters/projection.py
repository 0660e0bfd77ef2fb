"""Registration events into the read model. Each event carries the whole event, so applying the newest
copy is enough; revisions make older or repeated copies change nothing, in any order."""
from sqlalchemy import delete, insert, literal_column, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration.adapters.tables import SEARCH_DOCUMENT, events, organizers, search_documents
from eventcenter.services.kernel.consumer import kept_in_transaction
from eventcenter.services.kernel.registration_events import PARTICIPATION, parse, utc


def _row(event: pb.Event) -> dict:
    return dict(
        id=event.id, revision=event.revision, name=event.name, description=event.description,
        page_title=event.page.title, page_wiki=event.page.wiki, open=event.status == pb.EVENT_STATUS_OPEN,
        timezone=event.timezone, start_local=event.start_local_time, end_local=event.end_local_time,
        start_utc=utc(event.start_time), end_utc=utc(event.end_time),
        participation=PARTICIPATION.get(event.participation_options, ""), country_code=event.country_code,
        types=list(event.types), wikis=list(event.wikis), all_wikis=event.all_wikis, topics=list(event.topics),
        test_event=event.test_event, deleted=event.HasField("delete_time"),
        participant_limit=event.participant_limit,
    )


async def apply(session: AsyncSession, type_name: str, data: bytes) -> None:
    payload = parse(type_name, data)
    if payload is None or "event" not in payload.DESCRIPTOR.fields_by_name:
        return
    event = payload.event
    with_organizers = "organizers" in payload.DESCRIPTOR.fields_by_name
    if with_organizers or not kept_in_transaction(session, "collaboration-events", event.id, event.revision):
        row = _row(event)
        fields = {k: v for k, v in row.items() if k != "id"}
        statement = pg_insert(events).values(**row, registered=event.counts.registered,
                                             counts_revision=event.counts.revision)
        await session.execute(statement.on_conflict_do_update(
            index_elements=["id"], set_=fields, where=events.c.revision <= statement.excluded.revision))
        await session.execute(search_documents_of(events.c.id == event.id))
    # Each registration brings new counts with the same event copy: those are written every time.
    await session.execute(
        update(events).where(events.c.id == event.id, events.c.counts_revision < event.counts.revision)
        .values(registered=event.counts.registered, counts_revision=event.counts.revision))
    if with_organizers:
        await _replace_organizers(session, event, list(payload.organizers))


def search_documents_of(which):
    """Copies the chosen events' search documents from their rows, which are already the newest; a document
    is rewritten only when its event changed (not for each registration)."""
    source = select(events.c.id, events.c.revision, ~events.c.deleted & ~events.c.test_event, events.c.start_utc,
                    events.c.end_utc, literal_column(SEARCH_DOCUMENT)).where(which)
    statement = pg_insert(search_documents).from_select(
        ["event_id", "revision", "listed", "start_utc", "end_utc", "document"], source)
    return statement.on_conflict_do_update(
        index_elements=["event_id"],
        set_={c: statement.excluded[c] for c in ("revision", "listed", "start_utc", "end_utc", "document")},
        where=search_documents.c.revision < statement.excluded.revision)


async def _replace_organizers(session: AsyncSession, event: pb.Event, people: list[pb.Organizer]) -> None:
    current = (await session.execute(events.select().with_only_columns(events.c.revision)
                                     .where(events.c.id == event.id))).scalar_one()
    if current > event.revision:
        return  # a newer copy of the event already came; its organizers will come with it or after it
    await session.execute(delete(organizers).where(organizers.c.event_id == event.id))
    if people:
        await session.execute(insert(organizers), [
            dict(event_id=event.id, user_id=o.user_id, user_name=o.user_name,
                 creator=o.role == pb.ORGANIZER_ROLE_CREATOR, position=index)
            for index, o in enumerate(people)])


async def clear(session: AsyncSession) -> None:
    """Empties the read model (before a rebuild from the stream)."""
    for table in (organizers, search_documents, events):
        await session.execute(delete(table))

