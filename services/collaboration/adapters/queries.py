"""The list queries: one section, the filters as SQL, keyset pages (no OFFSET: every page costs the same)."""
import datetime
import json

from sqlalchemy import Row, and_, cast, func, literal_column, or_, select, text, true, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, REAL, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from eventcenter.services.collaboration.adapters.tables import events, organizers, search_documents
from eventcenter.services.collaboration.domain.filters import HYBRID, IN_PERSON, ONGOING, ONLINE, Filters

# Written exactly as the partial indexes' predicate ("NOT deleted AND NOT test_event") so that they are used.
LISTED = and_(~events.c.deleted, ~events.c.test_event)
# Full-text results are ranked among this many matches, the nearest in time. Finding them reads up to
# FEW_MATCHES matches through the word index, or walks up to WALKED documents in time order; see _ranked_page.
RANKED_CANDIDATES = 500
FEW_MATCHES = 6000
WALKED = 8000
ESTIMATE = text("EXPLAIN (FORMAT JSON) SELECT 1 FROM search_documents WHERE listed"
                " AND document @@ websearch_to_tsquery('simple'::regconfig, :words)")
MATCHING_PARTICIPATION = {ONLINE: (ONLINE, HYBRID), IN_PERSON: (IN_PERSON, HYBRID), HYBRID: (HYBRID,)}


def _texts(values) -> object:
    return cast(list(values), ARRAY(Text))


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _section(f: Filters, now: datetime.datetime, start, end) -> list:
    """The section and the date range, on the given table's times."""
    if f.section == ONGOING:
        return [start <= now, end > now]
    day_start = datetime.datetime.combine(f.start_date, datetime.time(), datetime.UTC)
    conditions = [start > now, start >= day_start]
    if f.end_date:
        conditions.append(start < datetime.datetime.combine(
            f.end_date + datetime.timedelta(days=1), datetime.time(), datetime.UTC))
    return conditions


def _filters(f: Filters) -> list:
    """Every filter but the section, the dates and the full-text query."""
    conditions = []
    if f.name:
        conditions.append(events.c.name.ilike(_like(f.name)))
    if f.types:
        conditions.append(events.c.types.overlap(_texts(f.types)))
    if f.participation:
        conditions.append(events.c.participation.in_(MATCHING_PARTICIPATION[f.participation]))
    if f.country_applies:
        conditions.append(events.c.country_code == f.country_code)
    if f.wikis:
        on_wikis = events.c.wikis.overlap(_texts(f.wikis))
        conditions.append(or_(on_wikis, events.c.all_wikis.is_(True)) if f.include_all_wikis else on_wikis)
    if f.topics:
        conditions.append(events.c.topics.overlap(_texts(f.topics)))
    if f.with_places_left:
        conditions.append(or_(events.c.participant_limit == 0, events.c.registered < events.c.participant_limit))
    return conditions


def _query(text: str):
    """Web-search syntax ("quoted phrases", -exclusions, or); the same 'simple' configuration as the index."""
    return func.websearch_to_tsquery(literal_column("'simple'::regconfig"), text)


def _with_organizers(query, event_id):
    """Adds each row's organizers (ids, names, creator flags, in their order): no second query per page."""
    def gathered(column):
        return func.array_agg(aggregate_order_by(column, organizers.c.position)).label(f"organizer_{column.name}s")
    people = select(gathered(organizers.c.user_id), gathered(organizers.c.user_name), gathered(organizers.c.creator)) \
        .where(organizers.c.event_id == event_id).lateral("people")
    return query.add_columns(*people.c).join(people, true())


async def page(session: AsyncSession, f: Filters, now: datetime.datetime, after: list | None) -> list[tuple[Row, list]]:
    """One page plus one row (to know whether there is a next page), each row with its position for a page
    token: [start, id], or [rank, start, id] when ranked by relevance."""
    if f.query:
        return await _ranked_page(session, f, now, after)
    start = events.c.start_utc
    query = select(events).where(LISTED, *_section(f, now, start, events.c.end_utc), *_filters(f))
    if after:
        moment, after_id = datetime.datetime.fromisoformat(after[0]), after[1]
        position = tuple_(start, events.c.id)
        query = query.where(position < (moment, after_id) if f.section == ONGOING else position > (moment, after_id))
    rows = query.order_by(*_order(f, start, events.c.id)).limit(f.page_size + 1).subquery()
    with_people = _with_organizers(select(rows), rows.c.id)
    found = await session.execute(with_people.order_by(*_order(f, rows.c.start_utc, rows.c.id)))
    return [(row, [row.start_utc.isoformat(), row.id]) for row in found]


async def _ranked_page(session: AsyncSession, f: Filters, now: datetime.datetime,
                       after: list | None) -> list[tuple[Row, list]]:
    """Relevance order among the first RANKED_CANDIDATES matches in the section's own order.

    Ranking reads every ranked document, so a common word matching tens of thousands of events would cost
    that many reads on every page; the nearest matches are the ones people look for. A common word's are
    found soonest by walking the documents in time order, a rarer word's through the word index. Left to
    choose, PostgreSQL sometimes walked 20,000 documents for a word in 5% of the events, so its estimate
    only decides which step comes first, and every step is bounded:
    1. (a rarer word) the word index reads up to FEW_MATCHES matches: usually, that is all of them;
    2. (a common word) walking the WALKED nearest documents in time order finds enough matches;
    3. only when both fall short (a common word whose matches are all far off), the index reads them all."""
    docs = search_documents
    listed = select(docs.c.event_id, docs.c.start_utc, docs.c.document) \
        .where(docs.c.listed, *_section(f, now, docs.c.start_utc, docs.c.end_utc))
    matching = listed.where(docs.c.document.op("@@")(_query(f.query)))
    if await _estimated_matches(session, f.query) < FEW_MATCHES:
        few = matching.limit(FEW_MATCHES).cte("few")
        tallied, found = await _best_matches(session, few, f, after, tally=few)
        if tallied < FEW_MATCHES:
            return _positions(found)
    nearest = listed.order_by(*_order(f, docs.c.start_utc, docs.c.event_id)).limit(WALKED).subquery("nearest")
    tallied, found = await _best_matches(session, nearest, f, after, all_match=False)
    if tallied >= RANKED_CANDIDATES:
        return _positions(found)
    # Planned on its own (materialized), without an order to keep, this reads the matches through the index.
    everything = matching.cte("matches").prefix_with("MATERIALIZED")
    return _positions((await _best_matches(session, everything, f, after))[1])


async def _estimated_matches(session: AsyncSession, words: str) -> float:
    """How many listed events PostgreSQL expects the words to match, any time: planned, not run."""
    plan = (await session.execute(ESTIMATE, {"words": words})).scalar_one()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


def _positions(found: list[Row]) -> list[tuple[Row, list]]:
    return [(row, [row.rank, row.start_utc.isoformat(), row.id]) for row in found]


def _order(f: Filters, start, event_id) -> tuple:
    return (start.desc(), event_id.desc()) if f.section == ONGOING else (start.asc(), event_id.asc())


async def _best_matches(session: AsyncSession, documents, f: Filters, after: list | None, tally=None,
                        all_match: bool = True) -> tuple[int, list[Row]]:
    """The page after `after` in relevance order among the first RANKED_CANDIDATES of these documents that
    match the query (checked unless `all_match` says they all do) and the other filters, and how many rows
    `tally` has (the candidates by default)."""
    words = _query(f.query)
    candidates = select(documents.c.event_id, documents.c.start_utc,
                        func.ts_rank(documents.c.document, words).label("rank"))
    if not all_match:
        candidates = candidates.where(documents.c.document.op("@@")(words))
    if other := _filters(f):
        candidates = candidates.join(events, events.c.id == documents.c.event_id).where(*other)
    candidates = candidates.order_by(*_order(f, documents.c.start_utc, documents.c.event_id)) \
        .limit(RANKED_CANDIDATES).cte("candidates")
    best = select(candidates)
    if after:
        after_rank, after_start, after_id = after
        moment, rank = datetime.datetime.fromisoformat(after_start), cast(after_rank, REAL)
        best = best.where(or_(candidates.c.rank < rank, and_(
            candidates.c.rank == rank, tuple_(candidates.c.start_utc, candidates.c.event_id) > (moment, after_id))))
    order = (candidates.c.rank.desc(), candidates.c.start_utc.asc(), candidates.c.event_id.asc())
    best = best.order_by(*order).limit(f.page_size + 1).subquery("best")
    # Only the page's rows are read from the wide events table.
    rows = _with_organizers(select(events, best.c.rank).join_from(best, events, events.c.id == best.c.event_id),
                            events.c.id).lateral("page")
    # The count comes in a row of its own joined to the page, so that it comes even when the page is empty.
    counted = select(func.count().label("tallied")).select_from(tally if tally is not None else candidates) \
        .subquery("counted")
    query = select(counted.c.tallied, rows).select_from(counted).outerjoin(rows, true()) \
        .order_by(rows.c.rank.desc(), rows.c.start_utc.asc(), rows.c.id.asc())
    found = (await session.execute(query)).all()
    return found[0].tallied, [row for row in found if row.id is not None]
