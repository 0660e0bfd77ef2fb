"""Invitation lists and opt-outs in PostgreSQL: creating a list with its job, reading the owner's lists and a
ready list's ranked editors, recording a job's progress and result, and who asked never to be listed."""
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
from eventcenter.services.invitations.domain.lists import InvitationList, ListedEditor, ListRequest


def invitation_list(row) -> InvitationList:
    return InvitationList(**row._mapping)


class SqlInvitationLists:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, owner_user_id: int, request: ListRequest, now: datetime.datetime) -> InvitationList:
        """The new list with its job queued; for a repeated `request_id`, the list made the first time."""
        statement = insert(invitation_lists).values(
            owner_user_id=owner_user_id, name=request.name, event_id=request.event_id,
            from_past_participants=request.candidates is not None, candidates=request.candidates,
            activity_wikis=request.activity_wikis, articles=request.articles, state=PENDING,
            articles_total=len(request.articles), request_id=request.request_id, create_time=now,
        ).on_conflict_do_nothing(constraint="invitation_lists_request_once").returning(invitation_lists.c.id)
        list_id = (await self.session.execute(statement)).scalar()
        if list_id is None:
            return invitation_list((await self.session.execute(select(invitation_lists).where(
                invitation_lists.c.owner_user_id == owner_user_id,
                invitation_lists.c.request_id == request.request_id))).one())
        await self.session.execute(insert(jobs).values(list_id=list_id, lease_until=now))
        created = await self.owned(list_id, owner_user_id)
        assert created is not None
        return created

    async def owned(self, list_id: int, owner_user_id: int) -> InvitationList | None:
        row = (await self.session.execute(select(invitation_lists).where(
            invitation_lists.c.id == list_id, invitation_lists.c.owner_user_id == owner_user_id))).first()
        return None if row is None else invitation_list(row)

    async def page_of(self, owner_user_id: int, before_id: int, size: int) -> list[InvitationList]:
        query = (select(invitation_lists).where(invitation_lists.c.owner_user_id == owner_user_id)
                 .order_by(invitation_lists.c.id.desc()).limit(size))
        if before_id:
            query = query.where(invitation_lists.c.id < before_id)
        return [invitation_list(row) for row in await self.session.execute(query)]

    async def editors(self, list_id: int) -> list[ListedEditor]:
        rows = await self.session.execute(select(list_editors).where(list_editors.c.list_id == list_id)
                                          .order_by(list_editors.c.rank))
        return [ListedEditor(row.user_name, row.score, row.user_page_url) for row in rows]

    async def record_progress(self, list_id: int, articles_read: int) -> None:
        await self.session.execute(update(invitation_lists).where(invitation_lists.c.id == list_id)
                                   .values(articles_read=articles_read))

    async def finish(self, list_id: int, ranked: list[ListedEditor], now: datetime.datetime) -> InvitationList:
        """Stores the ranked editors and marks the list ready; returns the list."""
        await self.session.execute(delete(list_editors).where(list_editors.c.list_id == list_id))
        if ranked:
            await self.session.execute(insert(list_editors), [
                dict(list_id=list_id, rank=rank, user_name=e.user_name, score=e.score, user_page_url=e.user_page_url)
                for rank, e in enumerate(ranked, start=1)])
        await self.session.execute(update(invitation_lists).where(invitation_lists.c.id == list_id).values(
            state=READY, ready_time=now, articles_read=invitation_lists.c.articles_total))
        await self.session.execute(delete(jobs).where(jobs.c.list_id == list_id))
        return invitation_list((await self.session.execute(
            select(invitation_lists).where(invitation_lists.c.id == list_id))).one())


class SqlOptOuts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def opted_out(self, user_id: int) -> bool:
        return (await self.session.execute(select(func.count()).select_from(opt_outs)
                                           .where(opt_outs.c.user_id == user_id))).scalar_one() > 0

    async def opted_out_names(self, names: list[str]) -> set[str]:
        rows = await self.session.execute(select(opt_outs.c.user_name).where(opt_outs.c.user_name.in_(names)))
        return {row.user_name for row in rows}

    async def set_opt_out(self, user_id: int, user_name: str, opted: bool, now: datetime.datetime) -> None:
        if not opted:
            await self.session.execute(delete(opt_outs).where(opt_outs.c.user_id == user_id))
            return
        statement = insert(opt_outs).values(user_id=user_id, user_name=user_name, create_time=now)
        await self.session.execute(statement.on_conflict_do_update(index_elements=["user_id"],
                                                                   set_=dict(user_name=user_name)))
