"""The job queue: a worker claims a due job under a lease (SKIP LOCKED, so two workers never take the same one),
renews the lease while it works, and may finish only a job that is still its own. Whose job comes next follows
domain/queue.py: a person's fourth pending list waits for one of their first three to end, and people with no
list running go first."""
import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from eventcenter.services.invitations.adapters.lists import invitation_list
from eventcenter.services.invitations.adapters.tables import FAILED, PENDING, invitation_lists, jobs
from eventcenter.services.invitations.domain.lists import InvitationList
from eventcenter.services.invitations.domain.queue import MAX_STARTED_PER_PERSON


def _earlier_pending_of_owner():
    earlier = invitation_lists.alias("earlier")
    return (select(func.count()).select_from(earlier)
            .where(earlier.c.owner_user_id == invitation_lists.c.owner_user_id, earlier.c.state == PENDING,
                   earlier.c.id < invitation_lists.c.id)
            .scalar_subquery())


def _running_of_owner(now: datetime.datetime):
    held, held_list = jobs.alias("held"), invitation_lists.alias("held_list")
    return (select(func.count()).select_from(held.join(held_list, held_list.c.id == held.c.list_id))
            .where(held_list.c.owner_user_id == invitation_lists.c.owner_user_id, held.c.worker != "",
                   held.c.lease_until > now)
            .scalar_subquery())


class SqlJobQueue:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, worker: str, now: datetime.datetime,
                    lease: datetime.timedelta) -> tuple[InvitationList, int] | None:
        """A due job (new, or whose worker stopped renewing it) whose turn it is, now this worker's: (its list,
        attempts) or None."""
        due = (select(jobs.c.list_id).join(invitation_lists, invitation_lists.c.id == jobs.c.list_id)
               .where(jobs.c.lease_until <= now, _earlier_pending_of_owner() < MAX_STARTED_PER_PERSON)
               .order_by(_running_of_owner(now), jobs.c.lease_until)
               .limit(1).with_for_update(of=jobs, skip_locked=True).scalar_subquery())
        taken = (await self.session.execute(update(jobs).where(jobs.c.list_id == due).values(
            lease_until=now + lease, attempts=jobs.c.attempts + 1, worker=worker).returning(jobs.c.list_id,
                                                                                           jobs.c.attempts))).first()
        if taken is None:
            return None
        listed = (await self.session.execute(
            select(invitation_lists).where(invitation_lists.c.id == taken.list_id))).one()
        return invitation_list(listed), taken.attempts

    async def renew(self, list_id: int, worker: str, until: datetime.datetime) -> bool:
        """False when the job is no longer this worker's (its lease lapsed and another took it, or it ended)."""
        renewed = await self.session.execute(update(jobs).where(jobs.c.list_id == list_id, jobs.c.worker == worker)
                                             .values(lease_until=until))
        return renewed.rowcount == 1

    async def still_mine(self, list_id: int, worker: str) -> bool:
        """Locks the job for the rest of the transaction, so it cannot change hands while its result is written."""
        row = (await self.session.execute(
            select(jobs.c.worker).where(jobs.c.list_id == list_id).with_for_update())).first()
        return row is not None and row.worker == worker

    async def retry_later(self, list_id: int, worker: str, at: datetime.datetime) -> None:
        await self.session.execute(update(jobs).where(jobs.c.list_id == list_id, jobs.c.worker == worker)
                                   .values(lease_until=at, worker=""))

    async def fail(self, list_id: int, reason: str) -> None:
        await self.session.execute(update(invitation_lists).where(invitation_lists.c.id == list_id)
                                   .values(state=FAILED, failure=reason[:1000]))
        await self.session.execute(delete(jobs).where(jobs.c.list_id == list_id))
