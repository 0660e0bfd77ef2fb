"""Use cases of a list's job, each through the unit of work: a worker claims a due job under a lease, ranks the
list's editors while renewing the lease, and stores the result with InvitationListReady in one transaction; a
wiki that fails sends the job back to wait (domain/queue.py), and the list fails after the last attempt. A worker
whose lease lapsed (another took the job) writes nothing."""
import asyncio
import datetime
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from eventcenter.invitations.v1 import events_pb2
from eventcenter.services.invitations.domain.lists import InvitationList, ListedEditor
from eventcenter.services.invitations.domain.queue import retry_delay
from eventcenter.services.invitations.service_layer.editor_ranking import EditorRanking
from eventcenter.services.invitations.service_layer.ports import Wikis
from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork, Work
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.wiki.client import WikiError
from eventcenter.services.wiki.worklist import Article

log = get_logger(__name__)
PROGRESS_EVERY_SECONDS = 0.5
Claimed = tuple[InvitationList, int]  # the list and how many attempts its job has had, this one included


class LeaseLost(Exception):
    """Another worker holds the job now: this one stops without writing anything."""


@dataclass(frozen=True)
class JobTerms:
    """A worker's name (it holds jobs under it), how long a lease lasts, and how many attempts a job gets."""
    worker: str
    lease: datetime.timedelta
    max_attempts: int


async def claim_job(uow: UnitOfWork, terms: JobTerms) -> Claimed | None:
    async def claim(work: Work) -> Claimed | None:
        return await work.jobs.claim(terms.worker, work.now, terms.lease)
    return await uow.run(claim)


def heartbeat(uow: UnitOfWork, terms: JobTerms, list_id: int) -> Callable[[int], Awaitable[None]]:
    """Told how many articles were read: at most every PROGRESS_EVERY_SECONDS, renews the lease and records the
    progress; raises LeaseLost once the job is another worker's."""
    last = 0.0

    async def renew(work: Work, articles_read: int) -> None:
        if not await work.jobs.renew(list_id, terms.worker, work.now + terms.lease):
            raise LeaseLost()
        await work.lists.record_progress(list_id, articles_read)

    async def beat(articles_read: int) -> None:
        nonlocal last
        clock = asyncio.get_running_loop().time()
        if clock - last < PROGRESS_EVERY_SECONDS:
            return
        last = clock
        await uow.run(lambda work: renew(work, articles_read))
    return beat


async def run_job(uow: UnitOfWork, wikis: Wikis, terms: JobTerms, listed: InvitationList, attempts: int) -> None:
    """Runs a claimed job to its end: ready, waiting for another attempt, or failed."""
    log.info("invitation_job_started", list_id=listed.id, attempt=attempts)

    async def opted_out(names: list[str]) -> set[str]:
        return await uow.run(lambda work: work.opt_outs.opted_out_names(names))

    ranking = EditorRanking(wikis, uow.clock.now(), heartbeat(uow, terms, listed.id), opted_out)
    try:
        ranked = await rank(ranking, listed)
    except LeaseLost:
        log.warning("invitation_job_lease_lost", list_id=listed.id)
        return
    except WikiError as error:
        return await job_failed(uow, terms, listed, attempts, str(error))
    await finish_job(uow, terms, listed, ranked)


async def rank(ranking: EditorRanking, listed: InvitationList) -> list[ListedEditor]:
    candidates = set(listed.candidates) if listed.candidates is not None else None
    if listed.articles:
        return await ranking.rank_worklist([Article(a["wiki"], a["title"]) for a in listed.articles], candidates)
    return await ranking.rank_by_activity(candidates or set(), list(listed.activity_wikis))


async def finish_job(uow: UnitOfWork, terms: JobTerms, listed: InvitationList, ranked: list[ListedEditor]) -> None:
    async def finish(work: Work) -> bool:
        if not await work.jobs.still_mine(listed.id, terms.worker):
            return False
        done = await work.lists.finish(listed.id, ranked, work.now)
        ready = events_pb2.InvitationListReady(list_id=done.id, name=done.name, owner_user_id=done.owner_user_id,
                                               event_id=done.event_id or 0, editors=len(ranked))
        assert done.ready_time is not None
        ready.ready_time.FromDatetime(done.ready_time)
        work.emit(ready)
        return True

    if await uow.run(finish):
        log.info("invitation_list_ready", list_id=listed.id, editors=len(ranked))
    else:
        log.warning("invitation_job_lease_lost", list_id=listed.id)


async def job_failed(uow: UnitOfWork, terms: JobTerms, listed: InvitationList, attempts: int, reason: str) -> None:
    log.warning("invitation_job_failed", list_id=listed.id, attempt=attempts, error=reason)

    async def fail_or_wait(work: Work) -> None:
        if not await work.jobs.still_mine(listed.id, terms.worker):
            return
        if attempts >= terms.max_attempts:
            await work.jobs.fail(listed.id, reason)
        else:
            await work.jobs.retry_later(listed.id, terms.worker, work.now + retry_delay(attempts))

    await uow.run(fail_or_wait)
