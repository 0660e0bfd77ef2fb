"""Registration events into the read model. Each event carries the whole event, so applying the newest
copy is enough; revisions make older or repeated copies change nothing, in any order."""
from sqlalchemy import BigInteger, bindparam, case, delete, func, insert, literal_column, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.collaboration.adapters.tables import SEARCH_DOCUMENT, events, organizers, search_documents
from eventcenter.services.contracts.enums import FROM_PARTICIPATION_OPTIONS
from eventcenter.services.contracts.stream_events import parse, utc
from eventcenter.services.kernel.compiled import Compiled, driver_connection, transaction_memo

_GATHERED = "collaboration-gathered-copies"
FIELDS = ("revision", "name", "description", "page_title", "page_wiki", "open", "timezone", "start_local", "end_local",
          "start_utc", "end_utc", "participation", "country_code", "types", "wikis", "all_wikis", "topics",
          "test_event", "deleted", "participant_limit")


def _row(event: pb.Event) -> dict:
    return dict(
        id=event.id, revision=event.revision, name=event.name, description=event.description,
        page_title=event.page.title, page_wiki=event.page.wiki, open=event.status == pb.EVENT_STATUS_OPEN,
        timezone=event.timezone, start_local=event.start_local_time, end_local=event.end_local_time,
        start_utc=utc(event.start_time), end_utc=utc(event.end_time),
        participation=FROM_PARTICIPATION_OPTIONS.get(event.participation_options, ""), country_code=event.country_code,
        types=list(event.types), wikis=list(event.wikis), all_wikis=event.all_wikis, topics=list(event.topics),
        test_event=event.test_event, deleted=event.HasField("delete_time"),
        participant_limit=event.participant_limit,
    )


def _apply_statement():
    """One statement per message: the event copy when it is as new as the kept one or newer, its counts when
    they are newer, and (from the row it leaves) its search document, rewritten only when the event changed.
    Each registration brings the same event copy with new counts, so most of the time only the counts change."""
    values = {name: bindparam(name, type_=events.c[name].type) for name in (*FIELDS, "registered", "counts_revision")}
    statement = pg_insert(events).values(id=bindparam("id", type_=BigInteger), **values)
    newer_event = events.c.revision <= statement.excluded.revision
    newer_counts = events.c.counts_revision < statement.excluded.counts_revision
    changes = {name: case((newer_event, statement.excluded[name]), else_=events.c[name]) for name in FIELDS}
    changes["registered"] = case((newer_counts, statement.excluded.registered), else_=events.c.registered)
    changes["counts_revision"] = func.greatest(events.c.counts_revision, statement.excluded.counts_revision)
    kept = statement.on_conflict_do_update(index_elements=["id"], set_=changes, where=newer_event | newer_counts) \
        .returning(events.c.id, events.c.revision, events.c.deleted, events.c.test_event, events.c.start_utc,
                   events.c.end_utc, events.c.name, events.c.description).cte("kept")
    return _search_documents_from(select(kept.c.id, kept.c.revision, ~kept.c.deleted & ~kept.c.test_event,
                                         kept.c.start_utc, kept.c.end_utc, literal_column(SEARCH_DOCUMENT)))


async def apply(session: AsyncSession, type_name: str, data: bytes) -> None:
    """A copy with organizers is written at once (they need its row); every registration's copy is gathered, and
    `settle` writes the newest of each event once the transaction's messages are applied."""
    payload = parse(type_name, data)
    if payload is None or "event" not in payload.DESCRIPTOR.fields_by_name:
        return
    event = payload.event
    if "organizers" not in payload.DESCRIPTOR.fields_by_name:
        gathered = transaction_memo(session).setdefault(_GATHERED, {})
        gathered[event.id] = _newest(gathered.get(event.id), event)
        return
    await APPLY.execute(await driver_connection(session), **_values(event))
    await _replace_organizers(session, event, list(payload.organizers))


async def settle(session: AsyncSession) -> None:
    if gathered := transaction_memo(session).pop(_GATHERED, None):
        await APPLY.executemany(await driver_connection(session), list(gathered.values()))


def _values(event: pb.Event) -> dict:
    return {**_row(event), "registered": event.counts.registered, "counts_revision": event.counts.revision}


def _newest(kept: dict | None, event: pb.Event) -> dict:
    """What applying both copies would leave: the event as its newest revision has it, the newest counts."""
    values = _values(event)
    if kept is None:
        return values
    counts = max((kept["counts_revision"], kept["registered"]), (values["counts_revision"], values["registered"]))
    newest = values if values["revision"] >= kept["revision"] else kept
    return {**newest, "counts_revision": counts[0], "registered": counts[1]}


def search_documents_of(which):
    """Copies the chosen events' search documents from their rows (the listing benchmark seeds them so)."""
    return _search_documents_from(select(events.c.id, events.c.revision, ~events.c.deleted & ~events.c.test_event,
                                         events.c.start_utc, events.c.end_utc, literal_column(SEARCH_DOCUMENT))
                                  .where(which))


def _search_documents_from(source):
    """Each document is rewritten only when its event changed (not for each registration)."""
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


APPLY = Compiled(_apply_statement())
