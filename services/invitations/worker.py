"""The background worker: claims pending lists (several replicas share them; a job is never run twice at once),
runs each list's job while renewing its lease, and stores the result with InvitationListReady in one
transaction. A job whose worker stopped is taken again when its lease lapses; a wiki that fails is tried
again later, and the list fails after the last attempt."""
import asyncio
import datetime
import uuid
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.invitations.v1 import events_pb2
from eventcenter.services.invitations.adapters import job_queue, lists
from eventcenter.services.invitations.job import ListJob, Ranked
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.outbox import Outbox
from eventcenter.services.wiki.client import WikiError
from eventcenter.services.wiki.directory import WikiDirectory
from eventcenter.services.wiki.worklist import Article

log = get_logger(__name__)
PROGRESS_EVERY_SECONDS = 0.5


class LeaseLost(Exception):
    """Another worker holds the job now: this one stops without writing anything."""


class InvitationWorker:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], wikis: WikiDirectory, outbox: Outbox,
                 now: Callable[[], datetime.datetime], lease: datetime.timedelta, max_attempts: int,
                 idle_seconds: float, jobs_at_once: int) -> None:
        self.sessions, self.wikis, self.outbox, self.now = sessions, wikis, outbox, now
        self.lease, self.max_attempts, self.idle_seconds = lease, max_attempts, idle_seconds
        self.slots = asyncio.Semaphore(jobs_at_once)
        self.name = f"worker-{uuid.uuid4().hex[:12]}"
        self.wake = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        running: set[asyncio.Task] = set()
        while not stop.is_set():
            await self.slots.acquire()
            try:
                claimed = await self._claim()
            except Exception as error:  # the database is away: try again shortly
                log.warning("invitation_claim_failed", error=repr(error))
                claimed = None
            if claimed is None:
                self.slots.release()
                await self._idle(stop)
                continue
            task = asyncio.create_task(self._run_and_release(*claimed))
            running.add(task)
            task.add_done_callback(running.discard)
        for task in running:
            task.cancel()  # their leases lapse and another worker takes the jobs
        await asyncio.gather(*running, return_exceptions=True)

    async def _idle(self, stop: asyncio.Event) -> None:
        self.wake.clear()
        waits = [asyncio.ensure_future(self.wake.wait()), asyncio.ensure_future(stop.wait())]
        await asyncio.wait(waits, timeout=self.idle_seconds, return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()

    async def _claim(self):
        async with self.sessions() as session, session.begin():
            return await job_queue.claim(session, self.name, self.now(), self.lease)

    async def run_once(self) -> bool:
        """Claims one due job and runs it to its end; False when none was due."""
        claimed = await self._claim()
        if claimed is not None:
            await self._run(*claimed)
        return claimed is not None

    async def _run_and_release(self, listed, attempts: int) -> None:
        try:
            await self._run(listed, attempts)
        except Exception:
            log.exception("invitation_job_crashed", list_id=listed.id)
        finally:
            self.slots.release()

    async def _run(self, listed, attempts: int) -> None:
        log.info("invitation_job_started", list_id=listed.id, attempt=attempts)
        job = ListJob(self.wikis, self.now(), self._heartbeat(listed.id), self._opted_out)
        try:
            ranked = await self._rank(job, listed)
        except LeaseLost:
            log.warning("invitation_job_lease_lost", list_id=listed.id)
            return
        except WikiError as error:
            return await self._failed(listed, attempts, str(error))
        await self._finish(listed, ranked)

    @staticmethod
    async def _rank(job: ListJob, listed) -> list[Ranked]:
        candidates = set(listed.candidates) if listed.candidates is not None else None
        if listed.articles:
            return await job.rank_worklist([Article(a["wiki"], a["title"]) for a in listed.articles], candidates)
        return await job.rank_by_activity(candidates or set(), list(listed.activity_wikis))

    def _heartbeat(self, list_id: int):
        last = 0.0

        async def beat(articles_read: int) -> None:
            nonlocal last
            clock = asyncio.get_running_loop().time()
            if clock - last < PROGRESS_EVERY_SECONDS:
                return
            last = clock
            async with self.sessions() as session, session.begin():
                if not await job_queue.renew(session, list_id, self.name, self.now() + self.lease):
                    raise LeaseLost()
                await lists.record_progress(session, list_id, articles_read)
        return beat

    async def _opted_out(self, names: list[str]) -> set[str]:
        async with self.sessions() as session:
            return await lists.opted_out_names(session, names)

    async def _finish(self, listed, ranked: list[Ranked]) -> None:
        async with self.sessions() as session, session.begin():
            if not await job_queue.still_mine(session, listed.id, self.name):
                log.warning("invitation_job_lease_lost", list_id=listed.id)
                return
            done = await lists.finish(session, listed.id, [(r.name, r.score, r.user_page_url) for r in ranked],
                                      self.now())
            ready = events_pb2.InvitationListReady(list_id=done.id, name=done.name, owner_user_id=done.owner_user_id,
                                                   event_id=done.event_id or 0, editors=len(ranked))
            ready.ready_time.FromDatetime(done.ready_time)
            await self.outbox.add(session, ready)
        log.info("invitation_list_ready", list_id=listed.id, editors=len(ranked))

    async def _failed(self, listed, attempts: int, reason: str) -> None:
        log.warning("invitation_job_failed", list_id=listed.id, attempt=attempts, error=reason)
        async with self.sessions() as session, session.begin():
            if not await job_queue.still_mine(session, listed.id, self.name):
                return
            if attempts >= self.max_attempts:
                await job_queue.fail(session, listed.id, reason)
            else:
                retry_at = self.now() + datetime.timedelta(seconds=min(30 * 2 ** (attempts - 1), 1800))
                await job_queue.retry_later(session, listed.id, self.name, retry_at)
