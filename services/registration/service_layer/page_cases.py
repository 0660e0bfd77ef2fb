"""Use case: an admin frees a deleted event's page, so that a new event may use it. Until then the page stays with
its deleted event, as in CampaignEvents (a page holds one event)."""
from eventcenter.registration.v1 import registration_service_pb2 as api
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.kernel.errors import FailedPrecondition, NotFound
from eventcenter.services.kernel.identity import Identity
from eventcenter.services.kernel.timestamps import timestamp
from eventcenter.services.registration.domain import access
from eventcenter.services.registration.service_layer import callers
from eventcenter.services.registration.service_layer.unit_of_work import Work


def release_message(row) -> api.PageRelease:
    return api.PageRelease(event_id=row.event_id, page=pb.EventPage(wiki=row.page_wiki, title=row.page_title),
                           admin_user_id=row.admin_user_id, admin_name=row.admin_name,
                           free_time=timestamp(row.free_time))


async def free_event_page(work: Work, identity: Identity, event_id: int) -> tuple[api.PageRelease, bool]:
    """The record of the freeing, and whether this call freed the page (False: it was freed before)."""
    caller = await callers.resolve(work, identity)
    access.require_acting_admin(caller)
    row = await work.store.page_releases.event_to_free(event_id)
    if row is None:
        raise NotFound("EVENT_NOT_FOUND", "error-event-not-found", event_id=event_id)
    if row.delete_time is None:
        raise FailedPrecondition("EVENT_NOT_DELETED", "error-page-free-not-deleted", event_id=event_id)
    if (earlier := await work.store.page_releases.release_of(event_id)) is not None:
        return release_message(earlier), False
    release = await work.store.page_releases.free_page(row, caller.user_id, caller.name, work.now)
    return release_message(release), True
