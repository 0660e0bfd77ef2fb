"""The list queries: one section, the filters as SQL, keyset pages (no OFFSET: every page costs the same)."""
import datetime

from sqlalchemy import Float, Row, and_, cast, func, literal, literal_column, or_, select, text, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, REAL
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from eventcenter.services.collaboration.adapters.tables import events, organizers
from eventcenter.services.collaboration.domain.filters import HYBRID, IN_PERSON, ONGOING, ONLINE, Filters

# Written exactly as the partial indexes' predicate ("NOT deleted AND NOT test_event") so that they are used.
LISTED = and_(~events.c.deleted, ~events.c.test_event)
# Full-text results are ranked among this many matches (the nearest in time); see _ranked_page.
RANKED_CANDIDATES = 1000
# Every column but the search document, which is large and only the database needs.
SHOWN = [c for c in events.c if c.name != "search"]
MATCHING_PARTICIPATION = {ONLINE: (ONLINE, HYBRID), IN_PERSON: (IN_PERSON, HYBRID), HYBRID: (HYBRID,)}


def _texts(values) -> object:
    return cast(list(values), ARRAY(Text))


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _conditions(f: Filters, now: datetime.datetime) -> list:
    conditions = [LISTED]
    if f.section == ONGOING:
        conditions += [events.c.start_utc <= now, events.c.end_utc > now]
    else:
        day_start = datetime.datetime.combine(f.start_date, datetime.time(), datetime.UTC)
        conditions += [events.c.start_utc > now, events.c.start_utc >= day_start]
        if f.end_date:
            conditions.append(events.c.start_utc < datetime.datetime.combine(
                f.end_date + datetime.timedelta(days=1), datetime.time(), datetime.UTC))
    if f.name:
        conditions.append(events.c.name.ilike(_like(f.name)))
    if f.query:
        conditions.append(events.c.search.op("@@")(_query(f.query)))
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


async def page(session: AsyncSession, f: Filters, now: datetime.datetime, after: list | None) -> list[Row]:
    """One page plus one row (to know whether there is a next page). Positions: [start, id] or
    [rank, start, id] when ranking by relevance."""
    conditions = _conditions(f, now)
    newest_first = f.section == ONGOING
    start = events.c.start_utc
    order = (start.desc(), events.c.id.desc()) if newest_first else (start.asc(), events.c.id.asc())
    if f.query:
        return await _ranked_page(session, f, conditions, order, after)
    query = select(*SHOWN, cast(literal(0), Float).label("rank")).where(*conditions)
    if after:
        moment, after_id = datetime.datetime.fromisoformat(after[0]), after[1]
        position = tuple_(start, events.c.id)
        query = query.where(position < (moment, after_id) if newest_first else position > (moment, after_id))
    return list((await session.execute(query.order_by(*order).limit(f.page_size + 1))).all())


async def _ranked_page(session: AsyncSession, f: Filters, conditions: list, order, after: list | None) -> list[Row]:
    """Relevance order among the first RANKED_CANDIDATES matches in the section's own order.

    Ranking reads every ranked row's text, so a common word matching tens of thousands of events would
    cost that many reads on every page; the nearest matches are the ones people look for."""
    # How many events a word matches varies a thousandfold: plan for this word, not a generic plan.
    await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    candidates = select(events).where(*conditions).order_by(*order).limit(RANKED_CANDIDATES).subquery()
    rank = func.ts_rank(candidates.c.search, _query(f.query))
    query = select(*[c for c in candidates.c if c.name != "search"], rank.label("rank"))
    if after:
        after_rank, after_start, after_id = after
        moment = datetime.datetime.fromisoformat(after_start)
        query = query.where(or_(rank < cast(after_rank, REAL), and_(
            rank == cast(after_rank, REAL), tuple_(candidates.c.start_utc, candidates.c.id) > (moment, after_id))))
    query = query.order_by(rank.desc(), candidates.c.start_utc.asc(), candidates.c.id.asc())
    return list((await session.execute(query.limit(f.page_size + 1))).all())


def position_of(row: Row, ranked: bool) -> list:
    moment = row.start_utc.isoformat()
    return [float(row.rank), moment, row.id] if ranked else [moment, row.id]


async def organizers_of(session: AsyncSession, event_ids: list[int]) -> dict[int, list[tuple[int, str, bool]]]:
    found: dict[int, list[tuple[int, str, bool]]] = {event_id: [] for event_id in event_ids}
    if not event_ids:
        return found
    rows = await session.execute(select(organizers).where(organizers.c.event_id.in_(event_ids))
                                 .order_by(organizers.c.event_id, organizers.c.position))
    for row in rows:
        found[row.event_id].append((row.user_id, row.user_name, row.creator))
    return found
