"""Use cases: an event's metrics and its goal's progress, several events' metrics together, and setting a goal."""
from eventcenter.services.contributions.domain import metrics, rules
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.events import existing_event, organized_event
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.revisions import changed


async def _metrics(work: Work, event: rules.EventFacts) -> metrics.Metrics:
    return metrics.count(await work.contributions.edits(event.id), await work.copies.active_count(event.id),
                         event.start, event.end)


async def _goal(work: Work, event_id: int, counted: metrics.Metrics) -> metrics.GoalProgress | None:
    goal = await work.contributions.goal(event_id)
    if goal is None:
        return None
    return metrics.progress(goal.metric, goal.target, goal.revision, counted)


async def event_metrics(deps: Dependencies, event_id: int) -> tuple[metrics.Metrics, metrics.GoalProgress | None]:
    async def read(work: Work):
        event = await existing_event(work, event_id)
        counted = await _metrics(work, event)
        return counted, await _goal(work, event.id, counted)
    return await deps.uow.run(read)


async def events_metrics(deps: Dependencies, event_ids: list[int]) -> metrics.Metrics:
    """Several events counted together (a person once); events unknown or deleted count for nothing."""
    metrics.check_events(event_ids)

    async def read(work: Work) -> metrics.Metrics:
        counts = []
        for event_id in dict.fromkeys(event_ids):
            event = await work.copies.event_facts(event_id)
            if event is None or event.deleted:
                continue
            counts.append(metrics.EventCounts(await work.contributions.edits(event.id),
                                              await work.copies.active_ids(event.id), event.start, event.end))
        return metrics.count_together(counts)
    return await deps.uow.run(read)


async def set_event_goal(deps: Dependencies, caller: Identity, event_id: int, metric: str, target: int,
                         expected: int | None) -> metrics.GoalProgress | None:
    """`metric` is one of metrics.METRICS ("" for none named); `expected`, the revision the organizer changed."""
    rules.require_signed_in(caller)
    metrics.check_goal(metric, target)

    async def write(work: Work) -> metrics.GoalProgress | None:
        event = await organized_event(work, caller, event_id)
        if await work.contributions.set_goal(event.id, metric, target, caller.user_id, work.now, expected) is None:
            raise changed(expected, await work.contributions.goal_revision(event.id))
        return await _goal(work, event.id, await _metrics(work, event))
    return await deps.uow.run(write)
