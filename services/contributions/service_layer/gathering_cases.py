"""Use cases: gather the edits participants make on their event's worklist, for events whose organizers turned it
on.

A round claims one due event at a time (SKIP LOCKED, so replicas share them), reads each active participant's
edits on each worklist wiki since where their reading stopped (list=usercontribs, 50 people a request), keeps
those on worklist articles within the event, reads each kept revision in detail and stores it as an association
made by the gatherer. A revision associated meanwhile (by hand, or by another event) is left alone. The readers'
cursors move only when the whole event was read, so a wiki that fails is read again next time from the same
place. Private participants are neither read nor moved on: their edits are theirs to associate (privacy)."""
import datetime
from collections import defaultdict
from functools import partial

from eventcenter.services.contributions.domain import privacy, rules
from eventcenter.services.contributions.domain.association import GATHERED, contribution_values
from eventcenter.services.contributions.domain.worklist import gathered, gathers_now, reading_window
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.wiki.client import MAIN_NAMESPACE, MediaWikiClient, UserEdit, WikiError

log = get_logger(__name__)


def lease_of(interval: datetime.timedelta) -> datetime.timedelta:
    """Long enough for a big event's reading; a replica that dies mid-way frees the event when it lapses."""
    return max(interval, datetime.timedelta(minutes=10))


async def gather_due(deps: Dependencies, interval: datetime.timedelta) -> int:
    """Every due event once, each due again `interval` later; how many were gathered."""
    count = 0
    while True:
        event_id = await deps.uow.run(lambda work: work.worklists.claim_due(work.now, lease_of(interval)))
        if event_id is None:
            return count
        try:
            await gather_event(deps, event_id)
        except WikiError as error:  # the wiki may be back next round; the event waits for its turn
            log.warning("gathering_failed", event_id=event_id, error=str(error))
        await deps.uow.run(lambda work, event_id=event_id: work.worklists.gathered(event_id, work.now,
                                                                                    work.now + interval))
        count += 1


async def gather_event(deps: Dependencies, event_id: int) -> int:
    """Reads and stores the event's new worklist edits; how many were associated."""
    async def read(work: Work):
        event = await work.copies.event_facts(event_id)
        if event is None or not gathers_now(event, work.now):
            return None, {}, [], work.now
        titles: dict[str, set[str]] = defaultdict(set)
        for article in await work.worklists.articles(event_id):
            titles[article.wiki].add(article.title)
        people = [p for p in await work.copies.active_participants(event_id) if privacy.gathers_from(p)]
        return event, titles, people, work.now
    event, titles, people, now = await deps.uow.run(read)
    if event is None:
        return 0
    added = 0
    for wiki, wanted in titles.items():
        if wiki not in deps.wikis.known() or not (event.all_wikis or wiki in event.wikis):
            continue
        added += await _gather_wiki(deps, event, wiki, wanted, people, now)
    if added:
        log.info("worklist_edits_gathered", event_id=event_id, edits=added)
    return added


async def _gather_wiki(deps: Dependencies, event: rules.EventFacts, wiki: str, wanted: set[str],
                       people: list[rules.Author], now: datetime.datetime) -> int:
    client = deps.wikis.client(wiki)
    stopped = await deps.uow.run(lambda work: work.worklists.read_until(event.id, wiki))
    by_window: dict[tuple, list[rules.Author]] = defaultdict(list)
    for person in people:
        by_window[reading_window(event, stopped.get(person.user_id), now)].append(person)
    found: list[UserEdit] = []
    for (start, end), group in by_window.items():
        if start < end:
            found.extend([edit async for edit in client.user_edits([p.user_name for p in group], start, end)
                          if edit.namespace == MAIN_NAMESPACE and edit.title in wanted])
    added = await _store(deps, client, event, wiki, found, {p.user_name: p for p in people})
    await deps.uow.run(lambda work: work.worklists.advance(event.id, wiki, [p.user_id for p in people],
                                                           min(now, event.end)))
    return added


async def _store(deps: Dependencies, client: MediaWikiClient, event: rules.EventFacts, wiki: str,
                 found: list[UserEdit], authors: dict[str, rules.Author]) -> int:
    taken = await deps.uow.run(lambda work: work.contributions.associated(wiki, [edit.rev_id for edit in found]))
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
        values = partial(contribution_values, event, wiki, revision, author, registered.get(edit.user), GATHERED)
        row = await deps.uow.run(lambda work, values=values: work.contributions.add(**values(work.now)))
        added += row is not None
    return added
