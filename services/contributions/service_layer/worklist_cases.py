"""Use cases: an organizer sets their event's worklist (its articles, as the wikis name them, and whether edits on
them are gathered); anyone reads it."""
import datetime
from dataclasses import dataclass

from eventcenter.services.contributions.domain import worklist
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.events import existing_event, organized_event
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.errors import FailedPrecondition
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.revisions import changed
from eventcenter.services.wiki.worklist import Article, existing_articles


@dataclass(frozen=True)
class Worklist:
    event_id: int
    gather: bool
    articles: list[Article]
    last_gather_time: datetime.datetime | None
    revision: int  # 0: the organizers never set one


async def _worklist(work: Work, event_id: int) -> Worklist:
    switch = await work.worklists.switch(event_id)
    return Worklist(event_id, bool(switch and switch.enabled), await work.worklists.articles(event_id),
                    switch.last_time if switch else None, switch.revision if switch else 0)


async def set_worklist(deps: Dependencies, caller: Identity, event_id: int, asked: list[Article], gather: bool,
                       expected: int | None) -> Worklist:
    """`expected`: the revision the organizer changed, checked before the wikis are asked and again on write."""
    async def read(work: Work):
        return await organized_event(work, caller, event_id), await work.worklists.revision(event_id)
    event, current = await deps.uow.run(read)
    if expected is not None and expected != current:
        raise changed(expected, current)
    worklist.check_worklist(event, asked, gather, deps.wikis.known())
    if gather and not event.tracks_contributions:
        raise FailedPrecondition("CONTRIBUTIONS_NOT_TRACKED", "error-contribution-not-tracked", event_id=event.id)
    articles = await existing_articles(deps.wikis, asked)

    async def store(work: Work) -> None:
        if await work.worklists.replace(event.id, articles, gather, caller.user_id, work.now, expected) is None:
            raise changed(expected, await work.worklists.revision(event.id))
    await deps.uow.run(store)
    if gather:
        deps.worklist_changed()
    return await deps.uow.run(lambda work: _worklist(work, event.id))


async def get_worklist(deps: Dependencies, event_id: int) -> Worklist:
    async def read(work: Work) -> Worklist:
        event = await existing_event(work, event_id)
        return await _worklist(work, event.id)
    return await deps.uow.run(read)
