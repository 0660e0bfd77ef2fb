"""Associated edits and event goals, stored and read back."""
import datetime

from sqlalchemy import false, func, not_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.contributions.adapters import revised
from eventcenter.services.contributions.adapters.tables import contributions, events, goals, participants
from eventcenter.services.contributions.domain.metrics import Edit
from eventcenter.services.contributions.domain.privacy import Sight


async def add(session: AsyncSession, **row) -> object | None:
    """The stored row; None when this revision is already associated (with any event)."""
    statement = insert(contributions).values(**row).on_conflict_do_nothing(
        constraint="contributions_one_event_per_revision").returning(*contributions.c)
    return (await session.execute(statement)).first()


async def associated_author(session: AsyncSession, wiki: str, rev_id: int) -> int | None:
    """The author's user id of the revision's association (with any event); None when it has none."""
    return await session.scalar(select(contributions.c.user_id).where(
        contributions.c.wiki == wiki, contributions.c.rev_id == rev_id))


async def associated(session: AsyncSession, wiki: str, rev_ids: list[int]) -> set[int]:
    """Which of these revisions are associated with an event already (any event)."""
    if not rev_ids:
        return set()
    rows = await session.scalars(select(contributions.c.rev_id).where(
        tuple_(contributions.c.wiki, contributions.c.rev_id).in_([(wiki, rev_id) for rev_id in rev_ids])))
    return set(rows.all())


def _privacy():
    """Each edit's author's current choice of privacy (the one made at association once they left)."""
    return func.coalesce(participants.c.private, contributions.c.private)


def _joined():
    return contributions.outerjoin(participants, (participants.c.event_id == contributions.c.event_id)
                                   & (participants.c.user_id == contributions.c.user_id)
                                   & participants.c.removed.is_(False))


def _with_privacy():
    return select(*[c for c in contributions.c if c.name != "private"],
                  _privacy().label("private")).select_from(_joined())


def _hidden(sight: Sight):
    """The edits `sight` does not show (privacy.Sight.shows, in SQL)."""
    if sight.every_private:
        return false()
    return _privacy() & (contributions.c.user_id != sight.own_id)


async def page(session: AsyncSession, event_id: int, before_id: int, limit: int, sight: Sight) -> list:
    """The edits shown to `sight`, newest association first: a page never holds nor skips to an edit it hides."""
    query = _with_privacy().where(contributions.c.event_id == event_id, not_(_hidden(sight)))
    if before_id:
        query = query.where(contributions.c.id < before_id)
    return list((await session.execute(query.order_by(contributions.c.id.desc()).limit(limit))).all())


async def hidden_count(session: AsyncSession, event_id: int, sight: Sight) -> int:
    """How many of the event's edits `sight` does not show (a total: it names no edit)."""
    if sight.every_private:
        return 0
    return await session.scalar(select(func.count()).select_from(_joined()).where(
        contributions.c.event_id == event_id, _hidden(sight)))


async def with_privacy(session: AsyncSession, contribution_id: int):
    return (await session.execute(_with_privacy().where(contributions.c.id == contribution_id))).first()


async def edits(session: AsyncSession, event_id: int) -> list[Edit]:
    rows = await session.execute(select(
        contributions.c.wiki, contributions.c.page_title, contributions.c.namespace, contributions.c.user_id,
        contributions.c.user_registration, contributions.c.bytes_delta, contributions.c.page_created,
        contributions.c.links_added, contributions.c.links_removed, contributions.c.words_added,
    ).where(contributions.c.event_id == event_id, contributions.c.deleted.is_(False)))
    return [Edit(*row) for row in rows]


async def to_check(session: AsyncSession, after_id: int, ended_since: datetime.datetime, limit: int) -> list:
    """The next associated revisions to check against their wikis: those of events that ended after
    `ended_since` (older results are settled), by id."""
    rows = await session.execute(
        select(contributions.c.id, contributions.c.wiki, contributions.c.rev_id, contributions.c.page_title,
               contributions.c.namespace, contributions.c.deleted)
        .join(events, events.c.id == contributions.c.event_id)
        .where(contributions.c.id > after_id, events.c.end_utc > ended_since)
        .order_by(contributions.c.id).limit(limit))
    return list(rows.all())


async def mark_checked(session: AsyncSession, ids: list[int], now: datetime.datetime) -> None:
    await session.execute(update(contributions).where(contributions.c.id.in_(ids)).values(checked_time=now))


async def set_state(session: AsyncSession, contribution_id: int, deleted: bool, page_title: str,
                    namespace: int) -> None:
    await session.execute(update(contributions).where(contributions.c.id == contribution_id).values(
        deleted=deleted, page_title=page_title, namespace=namespace))


async def goal(session: AsyncSession, event_id: int):
    return (await session.execute(select(goals).where(goals.c.event_id == event_id))).first()


async def set_goal(session: AsyncSession, event_id: int, metric: str, target: int, user_id: int,
                   now: datetime.datetime, expected_revision: int | None = None) -> int | None:
    """The goal's new revision; None when `expected_revision` is not its revision any more (nothing written)."""
    row = dict(metric=metric, target=target, set_by=user_id, update_time=now)
    return await revised.write(session, goals, event_id, row, expected_revision)


async def goal_revision(session: AsyncSession, event_id: int) -> int:
    """The goal's revision, 0 when the organizers never set one."""
    return await revised.revision(session, goals, event_id)
