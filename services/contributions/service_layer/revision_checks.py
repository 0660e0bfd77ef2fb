"""Keeps associated edits in step with their wikis: a revision deleted (alone or with its page) or hidden stops
counting, and counts again once restored; a page moved is shown under its new title.

Each pass checks a batch of the revisions of events that ended less than `recent` ago (older results are
settled), 50 revisions a request, continuing where the last pass stopped and starting over after the last one.
One replica runs a pass at a time (the schedule row is claimed with SKIP LOCKED). A wiki that does not answer
leaves its revisions as they were until the next pass."""
import datetime
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.contributions.adapters import checks, contributions
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.loops import WakeableLoop
from eventcenter.services.wiki.client import WikiError
from eventcenter.services.wiki.directory import WikiDirectory

log = get_logger(__name__)
LEASE = datetime.timedelta(minutes=10)


class RevisionChecker:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], wikis: WikiDirectory,
                 now: Callable[[], datetime.datetime], interval: float, batch: int = 500,
                 recent: datetime.timedelta = datetime.timedelta(days=30)) -> None:
        self.sessions, self.wikis, self.now = sessions, wikis, now
        self.interval, self.batch, self.recent = datetime.timedelta(seconds=interval), batch, recent
        # Woken at least every minute: a pass that is due is then taken (one replica at a time).
        self.loop = WakeableLoop("revision_checks", min(interval, 60), self.check_all_due)
        self.wake, self.run = self.loop.wake, self.loop.run

    async def check_all_due(self) -> None:
        while await self.check_due() is not None:
            pass  # a full batch is due again at once; the last one schedules the next pass

    async def check_due(self) -> int | None:
        """One pass when due; how many revisions changed state (None: not due, or another replica's turn)."""
        now = self.now()
        async with self.sessions() as session, session.begin():
            after_id = await checks.claim(session, now, LEASE)
        if after_id is None:
            return None
        async with self.sessions() as session:
            rows = await contributions.to_check(session, after_id, now - self.recent, self.batch)
        changed = await self._check(rows)
        more = len(rows) == self.batch
        async with self.sessions() as session, session.begin():
            # A full batch goes on at once from where it stopped; the end of the list starts over later.
            await checks.done(session, rows[-1].id if more else 0, now if more else now + self.interval)
        return changed

    async def _check(self, rows: list) -> int:
        by_wiki = defaultdict(list)
        for row in rows:
            by_wiki[row.wiki].append(row)
        changed, checked = 0, []
        for wiki, kept in by_wiki.items():
            if wiki not in self.wikis.known():
                continue
            try:
                states = await self.wikis.client(wiki).revision_states(row.rev_id for row in kept)
            except WikiError as error:
                log.warning("revision_check_failed", wiki=wiki, error=str(error))
                continue
            async with self.sessions() as session, session.begin():
                for row in kept:
                    state = states.get(row.rev_id)
                    deleted = state is None or state.hidden
                    title = row.page_title if state is None else state.title
                    namespace = row.namespace if state is None else state.namespace
                    if (deleted, title, namespace) != (row.deleted, row.page_title, row.namespace):
                        await contributions.set_state(session, row.id, deleted, title, namespace)
                        changed += 1
                await contributions.mark_checked(session, [row.id for row in kept], self.now())
            checked.extend(kept)
        if changed:
            log.info("contributions_changed_on_wikis", changed=changed, checked=len(checked))
        return changed
