"""Invitation lists in the database: creating one with its job, reading the owner's lists, the ranked editors,
and opt-outs."""
import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.invitations.adapters.tables import (
    PENDING,
    READY,
    invitation_lists,
    jobs,
    list_editors,
    opt_outs,
)
from eventcenter.services.wiki.worklist import Article


async def create(session: AsyncSession, owner_user_id: int, name: str, event_id: int | None, articles: list[Article],
                 candidates: list[str] | None, activity_wikis: list[str], request_id: str | None,
                 now: datetime.datetime):
    """The new list with its job queued; for a repeated `request_id`, the list made the first time."""
    statement = insert(invitation_lists).values(
        owner_user_id=owner_user_id, name=name, event_id=event_id, from_past_participants=candidates is not None,
        candidates=candidates, activity_wikis=activity_wikis,
        articles=[{"wiki": a.wiki, "title": a.title} for a in articles], state=PENDING,
        articles_total=len(articles), request_id=request_id, create_time=now,
    ).on_conflict_do_nothing(constraint="invitation_lists_request_once").returning(invitation_lists.c.id)
    list_id = (await session.execute(statement)).scalar()
    if list_id is None:
        return (await session.execute(select(invitation_lists).where(
            invitation_lists.c.owner_user_id == owner_user_id, invitation_lists.c.request_id == request_id))).one()
    await session.execute(insert(jobs).values(list_id=list_id, lease_until=now))
    return await owned(session, list_id, owner_user_id)


async def owned(session: AsyncSession, list_id: int, owner_user_id: int):
    """The list, if it is this user's (nobody else may learn it exists)."""
    return (await session.execute(select(invitation_lists).where(
        invitation_lists.c.id == list_id, invitation_lists.c.owner_user_id == owner_user_id))).first()


async def page_of(session: AsyncSession, owner_user_id: int, before_id: int, size: int) -> list:
    query = (select(invitation_lists).where(invitation_lists.c.owner_user_id == owner_user_id)
             .order_by(invitation_lists.c.id.desc()).limit(size))
    if before_id:
        query = query.where(invitation_lists.c.id < before_id)
    return list(await session.execute(query))


async def editors(session: AsyncSession, list_id: int) -> list:
    return list(await session.execute(select(list_editors).where(list_editors.c.list_id == list_id)
                                      .order_by(list_editors.c.rank)))


async def record_progress(session: AsyncSession, list_id: int, articles_read: int) -> None:
    await session.execute(update(invitation_lists).where(invitation_lists.c.id == list_id)
                          .values(articles_read=articles_read))


async def finish(session: AsyncSession, list_id: int, ranked: list[tuple[str, int, str]], now: datetime.datetime):
    """Stores the ranked editors (name, score, user page) and marks the list ready; returns the list."""
    await session.execute(delete(list_editors).where(list_editors.c.list_id == list_id))
    if ranked:
        await session.execute(insert(list_editors), [
            dict(list_id=list_id, rank=rank, user_name=name, score=score, user_page_url=url)
            for rank, (name, score, url) in enumerate(ranked, start=1)])
    await session.execute(update(invitation_lists).where(invitation_lists.c.id == list_id).values(
        state=READY, ready_time=now, articles_read=invitation_lists.c.articles_total))
    await session.execute(delete(jobs).where(jobs.c.list_id == list_id))
    return (await session.execute(select(invitation_lists).where(invitation_lists.c.id == list_id))).one()


async def opted_out(session: AsyncSession, user_id: int) -> bool:
    return (await session.execute(select(func.count()).select_from(opt_outs)
                                  .where(opt_outs.c.user_id == user_id))).scalar_one() > 0


async def opted_out_names(session: AsyncSession, names: list[str]) -> set[str]:
    rows = await session.execute(select(opt_outs.c.user_name).where(opt_outs.c.user_name.in_(names)))
    return {row.user_name for row in rows}


async def set_opt_out(session: AsyncSession, user_id: int, user_name: str, opted: bool,
                      now: datetime.datetime) -> None:
    if not opted:
        await session.execute(delete(opt_outs).where(opt_outs.c.user_id == user_id))
        return
    statement = insert(opt_outs).values(user_id=user_id, user_name=user_name, create_time=now)
    await session.execute(statement.on_conflict_do_update(index_elements=["user_id"],
                                                          set_=dict(user_name=user_name)))
