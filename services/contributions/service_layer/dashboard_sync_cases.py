"""Use cases: send linked events' public participants to their Dashboard courses, after the registration change is
stored.

The stream consumer only marks a link as changed (in the transaction of the change) and wakes the sync worker once
that transaction is committed; a sync sends the whole current list, so a retry changes nothing. A sender claims the
link first, so the worker, an organizer's link call and other replicas don't send the same list twice. A Dashboard
that does not answer is recorded on the link and tried again later (backing off); a Dashboard that refuses (a
code) is recorded and not retried until the next change."""
import datetime

from eventcenter.services.contributions.domain import dashboard
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.logs import get_logger

log = get_logger(__name__)
LEASE_SECONDS = 2 * dashboard.TIMEOUT_SECONDS  # a claimed link whose sender died is tried again after this


def lease_end(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(seconds=LEASE_SECONDS)


async def sync_event(deps: Dependencies, event_id: int, held: bool = False) -> str:
    """One attempt for one event; "" when the Dashboard has the current state (or another call is sending it), else
    the error code. `held`: the caller already holds the link (it stored it with a lease)."""
    async def claim(work: Work):
        link = await (work.links.get(event_id) if held else work.links.claim(event_id, work.now,
                                                                             lease_end(work.now)))
        if link is None:
            return None, []
        return link, [] if link.unsync_requested else await work.copies.public_participant_names(event_id)
    link, names = await deps.uow.run(claim)
    if link is None:
        return ""
    course = dashboard.Course(link.dashboard_url, link.course_slug, link.secret)
    if link.unsync_requested:
        code = await deps.dashboard.post(course.dashboard_url, dashboard.UNSYNC,
                                         dashboard.unsync_payload(course, event_id))
    else:
        code = await deps.dashboard.post(course.dashboard_url, dashboard.UPDATE,
                                         dashboard.participants_payload(course, event_id, names))

    async def record(work: Work) -> None:
        if code == dashboard.UNAVAILABLE:
            delay = dashboard.retry_delay(link.attempts + 1, deps.dashboard_retry_seconds)
            await work.links.failed(event_id, code, work.now + datetime.timedelta(seconds=delay), None)
        elif link.unsync_requested:  # the event is gone: nothing more to do, whatever the Dashboard said
            await work.links.remove(event_id)
        elif code:
            await work.links.failed(event_id, code, None, link.change_version)
        else:
            await work.links.synced(event_id, link.change_version, work.now)
    await deps.uow.run(record)
    log.info("dashboard_synced" if not code else "dashboard_sync_failed", event_id=event_id,
             participants=len(names), code=code)
    return code


async def sync_due(deps: Dependencies) -> None:
    """Every link whose sync is due, one attempt each."""
    async def due(work: Work) -> list[int]:
        return await work.links.due(work.now)
    for event_id in await deps.uow.run(due):
        await sync_event(deps, event_id)
