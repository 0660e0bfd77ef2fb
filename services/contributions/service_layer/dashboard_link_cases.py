"""Use cases: an organizer links their event with a Programs & Events Dashboard course (the Dashboard checks it,
then enables the sync), unlinks it, or reads the link and the state of its sync."""
from eventcenter.services.contributions.domain import dashboard, rules
from eventcenter.services.contributions.service_layer import dashboard_sync_cases
from eventcenter.services.contributions.service_layer.dependencies import Dependencies
from eventcenter.services.contributions.service_layer.events import organized_event
from eventcenter.services.contributions.service_layer.unit_of_work import Work
from eventcenter.services.kernel.errors import FailedPrecondition, NotFound, Unavailable
from eventcenter.services.kernel.identity import Identity


def already_linked(event_id: int, course_slug: str) -> FailedPrecondition:
    return FailedPrecondition("DASHBOARD_ALREADY_LINKED", "error-dashboard-already-linked", event_id=event_id,
                              course_slug=course_slug)


async def _link(work: Work, event_id: int):
    link = await work.links.get(event_id)
    if link is None:
        raise NotFound("DASHBOARD_NOT_LINKED", "error-dashboard-not-linked", event_id=event_id)
    return link


async def _ask_dashboard(deps: Dependencies, course: dashboard.Course, action: str, payload: dict,
                         accepted: tuple[str, ...] = ()) -> None:
    code = await deps.dashboard.post(course.dashboard_url, action, payload)
    if code == dashboard.UNAVAILABLE:
        raise Unavailable(dashboard.reason(code), dashboard.message_key(code), dashboard_code=code,
                          course_slug=course.course_slug)
    if code and code not in accepted:
        raise dashboard.refusal(code, course_slug=course.course_slug)


async def link_dashboard_course(deps: Dependencies, caller: Identity, event_id: int, dashboard_url: str,
                                course_slug: str, secret: str):
    """The new link (a row of adapters.links), its first sync tried (a failure is recorded on it and retried)."""
    rules.require_signed_in(caller)
    rules.require_not_blocked(caller)  # before the course is looked at
    course = dashboard.check_course(dashboard_url, course_slug, secret, deps.dashboard.allowed)

    async def read(work: Work):
        event = await organized_event(work, caller, event_id)
        return event, await work.links.get(event.id), await work.copies.organizer_names(event.id)
    event, existing, organizers = await deps.uow.run(read)
    if existing is not None:
        raise already_linked(event.id, existing.course_slug)
    for dry_run in (True, False):  # the Dashboard checks everything first, then enables the sync
        await _ask_dashboard(deps, course, dashboard.CONFIRM,
                             dashboard.confirm_payload(course, event.id, organizers, dry_run))

    async def store(work: Work) -> None:
        if not await work.links.add(event.id, course.dashboard_url, course.course_slug, course.secret,
                                    caller.user_id, work.now, dashboard_sync_cases.lease_end(work.now)):
            raise already_linked(event.id, course.course_slug)
    await deps.uow.run(store)
    await dashboard_sync_cases.sync_event(deps, event.id, held=True)
    return await deps.uow.run(lambda work: _link(work, event.id))


async def unlink_dashboard_course(deps: Dependencies, caller: Identity, event_id: int) -> None:
    async def read(work: Work):
        event = await organized_event(work, caller, event_id)
        return event, await _link(work, event.id)
    event, link = await deps.uow.run(read)
    course = dashboard.Course(link.dashboard_url, link.course_slug, link.secret)
    # A course the Dashboard no longer syncs (or no longer has), or on a Dashboard taken off the operator's list,
    # is unlinked all the same.
    await _ask_dashboard(deps, course, dashboard.UNSYNC, dashboard.unsync_payload(course, event.id),
                         accepted=("sync_not_enabled", "course_not_found", dashboard.NOT_ALLOWED))
    await deps.uow.run(lambda work: work.links.remove(event.id))


async def dashboard_link(deps: Dependencies, caller: Identity, event_id: int):
    async def read(work: Work):
        event = await organized_event(work, caller, event_id)
        return await _link(work, event.id)
    return await deps.uow.run(read)
