"""Gathers the edits participants make on their event's worklist, for events whose organizers turned it on.

A loop claims one due event at a time (SKIP LOCKED, so replicas share them), reads each active participant's
edits on each worklist wiki since where their reading stopped (list=usercontribs, 50 people a request), keeps
those on worklist articles within the event, reads each kept revision in detail and stores it as an association
made by the gatherer. A revision associated meanwhile (by hand, or by another event) is left alone. The readers'
cursors move only when the whole event was read, so a wiki that fails is read again next time from the same
place. Private participants are neither read nor moved on: their edits are theirs to associate (privacy)."""
import datetime
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eventcenter.services.contributions.adapters import contributions, copies, worklists
from eventcenter.services.contributions.domain import privacy, rules
from eventcenter.services.contributions.domain.worklist import gathered, gathers_now, reading_window
from eventcenter.services.contributions.service_layer.associating import GATHERED, contribution_values
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.kernel.loops import WakeableLoop
from eventcenter.services.wiki.client import MAIN_NAMESPACE, MediaWikiClient, UserEdit, WikiError
from eventcenter.services.wiki.directory import WikiDirectory

log = get_logger(__name__)


class Gatherer:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], wikis: WikiDirectory,
                 now: Callable[[], datetime.datetime], interval: float) -> None:
        self.sessions, self.wikis, self.now = sessions, wikis, now
        self.interval = datetime.timedelta(seconds=interval)
        # Long enough for a big event's reading; a replica that dies mid-way frees the event when it lapses.
        self.lease = max(self.interval, datetime.timedelta(minutes=10))
        self.loop = WakeableLoop("gathering", interval, self.gather_due)
        self.wake, self.run = self.loop.wake, self.loop.run

    async def gather_due(self) -> int:
        """Every due event once; how many were gathered."""
        count = 0
        while True:
            async with self.sessions() as session, session.begin():
                event_id = await worklists.claim_due(session, self.now(), self.lease)
            if event_id is None:
                return count
            try:
                await self.gather_event(event_id)
            except WikiError as error:  # the wiki may be back next round; the event waits for its turn
                log.warning("gathering_failed", event_id=event_id, error=str(error))
            async with self.sessions() as session, session.begin():
                await worklists.gathered(session, event_id, self.now(), self.now() + self.interval)
            count += 1

    async def gather_event(self, event_id: int) -> int:
        """Reads and stores the event's new worklist edits; how many were associated."""
        now = self.now()
        async with self.sessions() as session:
            event = await copies.event_facts(session, event_id)
            if event is None or not gathers_now(event, now):
                return 0
            titles: dict[str, set[str]] = defaultdict(set)
            for article in await worklists.articles(session, event_id):
                titles[article.wiki].add(article.title)
            people = [p for p in await copies.active_participants(session, event_id) if privacy.gathers_from(p)]
        added = 0
        for wiki, wanted in titles.items():
            if wiki not in self.wikis.known() or not (event.all_wikis or wiki in event.wikis):
                continue
            added += await self._gather_wiki(event, wiki, wanted, people, now)
        if added:
            log.info("worklist_edits_gathered", event_id=event_id, edits=added)
        return added

    async def _gather_wiki(self, event: rules.EventFacts, wiki: str, wanted: set[str],
                           people: list[rules.Author], now: datetime.datetime) -> int:
        client = self.wikis.client(wiki)
        async with self.sessions() as session:
            stopped = await worklists.read_until(session, event.id, wiki)
        by_window: dict[tuple, list[rules.Author]] = defaultdict(list)
        for person in people:
            by_window[reading_window(event, stopped.get(person.user_id), now)].append(person)
        found: list[UserEdit] = []
        for (start, end), group in by_window.items():
            if start < end:
                found.extend([edit async for edit in client.user_edits([p.user_name for p in group], start, end)
                              if edit.namespace == MAIN_NAMESPACE and edit.title in wanted])
        added = await self._store(client, event, wiki, found, {p.user_name: p for p in people})
        async with self.sessions() as session, session.begin():
            await worklists.advance(session, event.id, wiki, [p.user_id for p in people], min(now, event.end))
        return added

    async def _store(self, client: MediaWikiClient, event: rules.EventFacts, wiki: str, found: list[UserEdit],
                     authors: dict[str, rules.Author]) -> int:
        async with self.sessions() as session:
            taken = await contributions.associated(session, wiki, [edit.rev_id for edit in found])
        fresh = [edit for edit in found if edit.rev_id not in taken]
        if not fresh:
            return 0
        registered = await client.user_registrations({edit.user for edit in fresh})
        added = 0
        for edit in fresh:
            revision = await client.revision_details(edit.rev_id)
            author = authors.get(edit.user)
            if revision is None or author is None or not gathered(event, revision.timestamp, revision.hidden):
                continue
            async with self.sessions() as session, session.begin():
                row = await contributions.add(session, **contribution_values(
                    event, wiki, revision, author, registered.get(edit.user), GATHERED, self.now()))
            added += row is not None
        return added
