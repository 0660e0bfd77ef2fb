"""Use cases: keep associated edits in step with their wikis: a revision deleted (alone or with its page) or
hidden stops counting, and counts again once restored; a page moved is shown under its new title.

Each pass checks a batch of the revisions of events that ended less than `recent` ago (older results are
settled), 50 revisions a request, continuing where the last pass stopped and starting over after the last one.
One replica runs a pass at a time (the schedule row is claimed with SKIP LOCKED). A wiki that does not answer
leaves its revisions as they were until the next pass."""
import datetime
from collections import defaultdict
from dataclasses import dataclass

from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.logs import get_logger
from eventcenter.services.wiki.client import WikiError

log = get_logger(__name__)
LEASE = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class CheckSchedule:
    interval: datetime.timedelta  # from the end of the list to the next pass
    batch: int = 500
    recent: datetime.timedelta = datetime.timedelta(days=30)


async def check_all_due(deps: Dependencies, schedule: CheckSchedule) -> None:
    while await check_due(deps, schedule) is not None:
        pass  # a full batch is due again at once; the last one schedules the next pass


async def check_due(deps: Dependencies, schedule: CheckSchedule) -> int | None:
    """One pass when due; how many revisions changed state (None: not due, or another replica's turn)."""
    now = deps.clock.now()
    after_id = await deps.uow.run(lambda work: work.checks.claim(now, LEASE))
    if after_id is None:
        return None
    rows = await deps.uow.run(lambda work: work.contributions.to_check(after_id, now - schedule.recent,
                                                                       schedule.batch))
    changed = await _check(deps, rows)
    more = len(rows) == schedule.batch
    # A full batch goes on at once from where it stopped; the end of the list starts over later.
    await deps.uow.run(lambda work: work.checks.done(rows[-1].id if more else 0,
                                                     now if more else now + schedule.interval))
    return changed


async def _check(deps: Dependencies, rows: list) -> int:
    by_wiki = defaultdict(list)
    for row in rows:
        by_wiki[row.wiki].append(row)
    changed, checked = 0, []
    for wiki, kept in by_wiki.items():
        if wiki not in deps.wikis.known():
            continue
        try:
            states = await deps.wikis.client(wiki).revision_states(row.rev_id for row in kept)
        except WikiError as error:
            log.warning("revision_check_failed", wiki=wiki, error=str(error))
            continue

        async def record(work: Work, kept: list = kept, states: dict = states) -> int:
            changes = 0
            for row in kept:
                state = states.get(row.rev_id)
                deleted = state is None or state.hidden
                title = row.page_title if state is None else state.title
                namespace = row.namespace if state is None else state.namespace
                if (deleted, title, namespace) != (row.deleted, row.page_title, row.namespace):
                    await work.contributions.set_state(row.id, deleted, title, namespace)
                    changes += 1
            await work.contributions.mark_checked([row.id for row in kept], work.now)
            return changes
        changed += await deps.uow.run(record)
        checked.extend(kept)
    if changed:
        log.info("contributions_changed_on_wikis", changed=changed, checked=len(checked))
    return changed
