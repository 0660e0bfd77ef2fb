"""The background worker loop: claims pending lists (several replicas share them; a job is never run twice at
once) and runs up to `jobs_at_once` of them side by side, each through service_layer/job_cases.py. When no job is
due it waits, until a new list wakes it or `idle_seconds` pass. Stopping cancels the running jobs: their leases
lapse and another worker takes them."""
import asyncio
import datetime
import uuid

from eventcenter.services.invitations.domain.lists import InvitationList, ListedEditor
from eventcenter.services.invitations.service_layer import job_cases
from eventcenter.services.invitations.service_layer.job_cases import Claimed, JobTerms
from eventcenter.services.invitations.service_layer.ports import Wikis
from eventcenter.services.invitations.service_layer.unit_of_work import UnitOfWork
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)


class InvitationWorker:
    def __init__(self, uow: UnitOfWork, wikis: Wikis, lease: datetime.timedelta, max_attempts: int,
                 idle_seconds: float, jobs_at_once: int) -> None:
        self.uow, self.wikis, self.idle_seconds = uow, wikis, idle_seconds
        self.terms = JobTerms(f"worker-{uuid.uuid4().hex[:12]}", lease, max_attempts)
        self.slots = asyncio.Semaphore(jobs_at_once)
        self.wake = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        running: set[asyncio.Task] = set()
        while not stop.is_set():
            await self.slots.acquire()
            try:
                claimed = await self.claim()
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

    async def _run_and_release(self, listed: InvitationList, attempts: int) -> None:
        try:
            await self.run_claimed(listed, attempts)
        except Exception:
            log.exception("invitation_job_crashed", list_id=listed.id)
        finally:
            self.slots.release()

    async def run_once(self) -> bool:
        """Claims one due job and runs it to its end; False when none was due."""
        claimed = await self.claim()
        if claimed is not None:
            await self.run_claimed(*claimed)
        return claimed is not None

    # Each step on its own, for tests that play a worker which stops half-way.
    async def claim(self) -> Claimed | None:
        return await job_cases.claim_job(self.uow, self.terms)

    def heartbeat(self, list_id: int):
        return job_cases.heartbeat(self.uow, self.terms, list_id)

    async def run_claimed(self, listed: InvitationList, attempts: int) -> None:
        await job_cases.run_job(self.uow, self.wikis, self.terms, listed, attempts)

    async def finish(self, listed: InvitationList, ranked: list[ListedEditor]) -> None:
        await job_cases.finish_job(self.uow, self.terms, listed, ranked)
